import type { User } from '../../services/accounts/user.ts';
import type { Assets } from './assets.ts';
import type { Language, Translate } from './i18n/index.ts';

/** Context variables of the web UI. */
export interface UiEnv {
  Variables: {
    /** Null on the setup, login and invite pages. */
    user: User;
    csrf: string;
    sessionToken: string;
    lang: Language;
    t: Translate;
    assets: Assets;
  };
}
