/** How the web view of a mail source (imap, smtp) treats remote images. */
import { z } from 'zod';

/** `block`: the web view shows remote images only on request; `show`: it loads them. */
export const REMOTE_IMAGES = ['block', 'show'] as const;
export type RemoteImages = (typeof REMOTE_IMAGES)[number];

/** Default for new mail sources: newsletter images mostly exist to report that you opened them. */
export const DEFAULT_REMOTE_IMAGES: RemoteImages = 'block';

/** The config field every mail source has. */
export const remoteImagesField = z.enum(REMOTE_IMAGES).default(DEFAULT_REMOTE_IMAGES);
