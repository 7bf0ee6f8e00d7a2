/**
 * English strings of the Sources tabs beyond feeds: newsletters, social and phone, imports,
 * and sharing from the reading view. Spread into `en` (en.ts); nl-sources.ts has the Dutch.
 * A backtick-quoted `NAME` is shown as code.
 */
export const enSources = {
  'common.copied': 'Copied',
  'sources.tabs': 'Kinds of sources',
  'sources.tab.feeds': 'Feeds',
  'sources.tab.newsletters': 'Newsletters',
  'sources.tab.social': 'Social & phone',
  'sources.tab.imports': 'Imports',
  'sources.all': 'All your sources',
  'source.kind.mastodon': 'Mastodon',
  'source.kind.bluesky': 'Bluesky',

  'newsletters.lead':
    'Newsletters wait here instead of in your inbox: connect a mailbox, or give out addresses of your own.',
  'mailbox.title': 'Connect a mailbox',
  'mailbox.intro':
    'Checkpoint reads only newsletters (mail with List-Id, List-Unsubscribe or Precedence: bulk, and senders you mark). It never deletes mail.',
  'mailbox.host': 'IMAP server',
  'mailbox.port': 'Port',
  'mailbox.tls': 'Encryption',
  'mailbox.tls.tls': 'TLS (usually port 993)',
  'mailbox.tls.starttls': 'STARTTLS (usually port 143)',
  'mailbox.tls.none': 'None (only on your own network)',
  'mailbox.user': 'User name',
  'mailbox.password': 'Password',
  'mailbox.passwordHelp':
    'Gmail, Fastmail and iCloud want an app password here, not your normal one. It is stored encrypted.',
  'mailbox.folder': 'Folder',
  'mailbox.moveTo': 'Move newsletters to (optional)',
  'mailbox.moveToHelp':
    'Moved out of the inbox after they are stored, so your mail app stops notifying. Empty: leave them where they are.',
  'mailbox.senders': 'Also treat these senders as newsletters',
  'mailbox.sendersHelp': 'Addresses or domains, one per line.',
  'mailbox.remoteImages': 'Show remote images in these newsletters',
  'mailbox.remoteImagesHelp':
    'Off: images stay away until you ask for them, because most of them report that you opened the mail.',
  'mailbox.test': 'Test connection',
  'mailbox.connect': 'Connect',
  'mailbox.testOk':
    'Connected. There is 1 message in {folder}.||Connected. There are {count} messages in {folder}.',
  'mailbox.folders': 'Folders: {folders}',
  'mailbox.problem.auth':
    'The server did not accept the user name or password. Many providers need an app password.',
  'mailbox.problem.tls':
    'The encrypted connection failed. Check that the port and the encryption belong together.',
  'mailbox.problem.folder': 'The folder does not exist on this server.',
  'mailbox.problem.connect': 'The server could not be reached. Check the address and the port.',
  'mailbox.problem.blocked':
    'This address is not allowed: it is a private network (see CHECKPOINT_ALLOW_NETWORKS).',
  'mailbox.problem.other': 'The mailbox could not be used.',
  'mailbox.added':
    'Connected {name}: 1 newsletter is held for your next checkpoint.||Connected {name}: {count} newsletters are held for your next checkpoint.',
  'mailbox.connected': 'Connected mailboxes',
  'mailbox.settings': 'Mailbox settings',
  'mailbox.login': '{user} at {host}, port {port}, {tls}',
  'mailbox.newPassword': 'New password (empty: keep the old one)',

  'addresses.title': 'Your own addresses',
  'addresses.intro':
    'Subscribe to newsletters with an address that goes straight to Checkpoint: one per newsletter, if you like.',
  'addresses.unset': 'This server has no mail domain yet, so it cannot hand out addresses.',
  'addresses.unsetDomain':
    'The administrator sets `CHECKPOINT_MAIL_DOMAIN` to the domain of the addresses (for example `in.example.org`) and `CHECKPOINT_SMTP_PORT` to the port of the built-in mail server, and restarts Checkpoint.',
  'addresses.unsetMx': 'The domain gets an MX record that points at this server:',
  'addresses.unsetPort':
    'Mail servers deliver to port 25: use `CHECKPOINT_SMTP_PORT=25`, or forward port 25 to the chosen port.',
  'addresses.unsetError':
    'Addresses need a mail domain: set CHECKPOINT_MAIL_DOMAIN (and an MX record for it) first.',
  'addresses.noPort':
    'The built-in mail server is off until `CHECKPOINT_SMTP_PORT` is set: addresses can be made, but no mail arrives yet.',
  'addresses.newLabel': 'Name of a new address (e.g. the newsletter)',
  'addresses.labelPlaceholder': 'The Weekly',
  'addresses.create': 'Create address',
  'addresses.domainHelp': 'Addresses end in @{domain}.',
  'addresses.createdNotice': 'New address: {address}. Copy it into the newsletter’s sign-up form.',
  'addresses.noLabel': 'Address without a name',
  'addresses.addressOf': 'Address of {name}',
  'addresses.created': 'created {when}',
  'addresses.imagesShown': 'images shown',
  'addresses.imagesBlocked': 'images on request',
  'addresses.label': 'Name',
  'addresses.removeConfirm': 'Stop receiving mail at {address}?',
  'addresses.removed':
    '{address} no longer receives mail. What arrived stays (its source is paused).',

  'senders.title': 'Senders',
  'senders.empty': 'No newsletters have arrived yet.',
  'senders.count': '1 newsletter||{count} newsletters',
  'senders.last': 'last {when}',
  'senders.unsubscribe': 'Unsubscribe',
  'senders.unsubscribeFrom': 'Unsubscribe from {sender}',
  'senders.oneClick': 'One click: Checkpoint tells the sender.',
  'senders.openLink': 'Unsubscribe at {host}',
  'senders.writeMail': 'Write an unsubscribe mail',
  'senders.sendMail': 'Send the unsubscribe mail for me',
  'senders.noOffer': 'No unsubscribe link in the headers: use the one in the newsletter.',
  'senders.method.one-click': 'one click',
  'senders.method.https': 'link',
  'senders.method.mailto': 'mail',
  'senders.done': 'Unsubscribed {when} ({method}).',
  'senders.failed': 'Unsubscribing failed {when} ({method}). You can try again.',
  'senders.offered': 'Unsubscribe link offered {when}.',
  'senders.doneNotice': 'Unsubscribed from {sender}: the sender confirmed it.',
  'senders.mailSent': 'The unsubscribe mail to {sender} was sent.',
  'senders.failedNotice': 'Unsubscribing from {sender} failed: {detail}',
  'senders.offeredNotice': 'To unsubscribe from {sender}, open {target}',

  'social.lead':
    'Mastodon and Bluesky through their own APIs, pushes from your phone and servers, and closed platforms through a bridge.',
  'social.instance': 'Your instance',
  'social.mastodonHelp':
    'You confirm on your instance. Checkpoint asks to read only, and never posts.',
  'social.mastodonConnect': 'Connect with Mastodon',
  'social.mastodonToken': 'Or paste an access token',
  'social.accessToken': 'Access token',
  'social.mastodonTokenHelp':
    'Made on your instance under Preferences → Development, with the scopes read:statuses, read:notifications and read:accounts.',
  'social.connect': 'Connect',
  'social.handle': 'Handle',
  'social.appPassword': 'App password',
  'social.appPasswordHelp':
    'Not your main password: make one under Settings → Privacy and security → App passwords.',
  'social.service': 'Service (optional)',
  'social.serviceHelp': 'Only for a server of your own. Empty: https://bsky.social.',
  'social.continueTitle': 'Continue at {host}',
  'social.continueText':
    '{host} asks you to allow Checkpoint to read your timeline and notifications. Afterwards it sends you back here.',
  'social.continue': 'Continue to {host}',
  'social.connected':
    'Connected {name}: 1 item is held for your next checkpoint.||Connected {name}: {count} items are held for your next checkpoint.',
  'social.reconnected': '{name} is connected again.',
  'social.oauth.denied': 'Mastodon was not connected: the instance did not give permission.',
  'social.oauth.expired':
    'Mastodon was not connected: the authorisation expired or was already used. Start again.',
  'social.oauth.failed':
    'Mastodon was not connected: the instance did not answer as expected. Try again later.',
  'social.accounts': 'Connected accounts',
  'social.followed':
    'Following {name}: 1 item is held for your next checkpoint.||Following {name}: {count} items are held for your next checkpoint.',

  'intake.title': 'Pushes from your phone and servers',
  'intake.intro':
    'Apps and servers that push notifications (ntfy, Gotify, Pushover, webhooks, your phone) can push to Checkpoint instead. It holds what arrives for your next checkpoint.',
  'intake.token': 'Intake token',
  'intake.tokens': 'Intake tokens',
  'intake.created': 'Copy this token now, it is shown only once. The examples below use it.',
  'intake.noTokens': 'No intake tokens yet.',
  'intake.label': 'Name of a new token (e.g. "phone")',
  'intake.labelPlaceholder': 'phone',
  'intake.create': 'Create token',
  'intake.revoked': 'Token revoked: senders using it are refused from now on.',
  'intake.placeholder': 'YOUR_TOKEN',
  'intake.examples': 'Examples',
  'intake.examplesFilled': 'Filled in with this server’s address and your new token.',
  'intake.examplesPlaceholder':
    'Create a token to see these filled in; until then YOUR_TOKEN stands in for it.',
  'intake.serverUrl': 'Server URL',
  'intake.webhookUrl': 'Webhook URL',
  'intake.ntfyCurl': 'From a script or a terminal:',
  'intake.ntfyApps':
    'Apps with an ntfy setting (Uptime Kuma, Home Assistant, Proxmox, the ntfy app): this server URL, any topic, and the token as access token (or any user name, with the token as password).',
  'intake.ntfyCli': 'With the ntfy command-line tool:',
  'intake.gotifyApps':
    'Apps with a Gotify setting: this server URL, and the token as application token.',
  'intake.pushover':
    'Anything that lets you change the Pushover API address: the token goes in token (or user).',
  'intake.android': 'Android notifications',
  'intake.androidForwarder':
    'Notification Forwarder for Android: add a webhook with this URL, method POST, and the header `Authorization` below; give the app notification access.',
  'intake.androidSms': 'Incoming SMS to URL forwarder: this URL, these headers and this payload.',
  'intake.androidTry': 'To try it, send what a forwarder sends:',
  'intake.ios': 'iPhone (Shortcuts)',
  'intake.ios1':
    'Open Shortcuts → Automation → New Automation, choose a trigger (for example Message) and Run Immediately.',
  'intake.ios2': 'Add the action Get Contents of URL, with this URL:',
  'intake.ios3': 'Show More: method POST, and a header `Authorization` with this value:',
  'intake.ios4':
    'Request Body JSON with the fields `topic` (for example iphone), `title` and `message` (the Shortcut Input).',
  'intake.ios5': 'Tap Done and try it once with ▶: the item waits for your next checkpoint.',
  'intake.sources': 'Where pushes arrive',

  'bridges.title': 'Closed platforms',
  'bridges.intro':
    'X, Instagram, Threads, Facebook and LinkedIn offer no feeds. An RSSHub or RSS-Bridge server of your own turns their accounts into feeds.',
  'bridges.url': 'Bridge address',
  'bridges.kind': 'Kind',
  'bridges.kindDetect': 'Detect',
  'bridges.current': 'In use: {kind} at {url}',
  'bridges.none': 'No bridge set yet.',
  'bridges.saved': 'Bridge saved: {url}',
  'bridges.cleared': 'Bridge removed. Accounts you follow keep their feeds.',
  'bridges.follow': 'Follow an account',
  'bridges.platform': 'Platform',
  'bridges.account': 'Account',
  'bridges.followHelp':
    'A name, @name or profile address. Mastodon (@user@instance) and Bluesky profiles need no bridge.',
  'bridges.followSubmit': 'Follow',
  'bridges.followed': 'Followed accounts',
  'bridges.unknownPlatform': 'Choose one of the platforms in the list.',

  'imports.lead':
    'Downloaded your data from a platform? Import it as an archive you can search. Nothing of it interrupts you.',
  'imports.title': 'Import a data export',
  'imports.file': 'Export file',
  'imports.fileHelp':
    'A ZIP as the platform gives it, or one file from it. Photos and videos are skipped.',
  'imports.kind': 'Platform',
  'imports.detect': 'Detect from the files',
  'imports.tz': 'Time zone of the times in the file',
  'imports.tzHelp': 'Only WhatsApp chats need it: they carry the phone’s local time.',
  'imports.submit': 'Import',
  'imports.uploading': 'Uploading: {percent}%',
  'imports.reading': 'Reading the export: {percent}%',
  'imports.storing': 'Storing items: {done} of {total}',
  'imports.done':
    '{name}: 1 item found, {added} new, {unchanged} already there.||{name}: {count} items found, {added} new, {unchanged} already there.',
  'imports.failed': 'The import stopped, nothing of it was stored: {reason}',
  'imports.noFile': 'Choose an export file first.',
  'imports.tooBig':
    'This file is larger than {mb} MB: import it with `checkpoint import` or the API instead.',
  'imports.archives': 'Your archives',
  'imports.none': 'Nothing imported yet.',
  'imports.items': '1 item||{count} items',
  'imports.since': 'first imported {when}',
  'imports.where': 'Where do I get an export?',
  'imports.where.x': 'Settings → Your account → Download an archive of your data.',
  'imports.where.linkedin': 'Settings → Data privacy → Get a copy of your data.',
  'imports.where.facebook':
    'Settings → Your information → Download your information, in the format JSON.',
  'imports.where.instagram':
    'Accounts Center → Your information → Download your information, in the format JSON.',
  'imports.where.whatsapp': 'Open a chat → More → Export chat (without media is enough).',
  'imports.where.snapchat': 'Settings → My Data.',

  'item.imagesHeld': 'Remote images in this newsletter are not loaded.',
  'item.shareOn': 'Share on',
  'item.shareEmail': 'E-mail',
} as const;
