/**
 * Error messages of the services (`CheckpointError.localised.key`), spread into `en`. Pages
 * show them with `errorText(t, error)`; the services' own English messages (CLI, API) stay as
 * they are.
 */
export const enErrors = {
  'error.email': '“{address}” is not an e-mail address.',
  'error.timeZone': '“{tz}” is not a time zone like Europe/Amsterdam.',
  'error.password.short': 'The password needs at least {min} characters.',
  'error.password.long': 'The password is too long.',
  'error.password.current': 'The current password is not right.',
  'error.schedule.ntfy': 'ntfy needs an http(s) topic URL (got “{url}”).',
  'error.schedule.time':
    '“{time}” is not a time of day; write it like 08:00, 8am, 8:30 pm or 17.00.',
  'error.schedule.budget': 'The budget must be between 1 and 600 minutes.',
  'error.schedule.perSource': 'The limit per source must be between 1 and 100.',
  'error.source.url': '“{url}” is not a URL.',
  'error.source.scheme': 'Only http(s) addresses can be followed (got {scheme}).',
  'error.source.cadence':
    '“{cadence}” is not a cadence: every checkpoint, daily, or weekly on a day.',
  'error.source.weight': 'The weight must be between 0 and {max}.',

  'error.csrf.token':
    'This form is out of date or did not come from Checkpoint. Reload the page and try again.',
  'error.csrf.origin': 'This request came from another site, so Checkpoint did not carry it out.',

  'error.feed.parse': 'This is not a feed Checkpoint can read ({reason}).',
  'error.feed.status': '{url} answered with HTTP status {status}.',
  'error.feed.noFeed': '{url} is a web page that offers no feed.',
  'error.feed.notFeed': '{url} is not a feed.',
  'error.feed.neither': '{url} is neither a feed nor a web page.',
  'error.reader.noUrl': 'This item has no web page.',
  'error.reader.noArticle': 'The page has no article text to show.',
  'error.fetch.bad_url': '“{url}” is not an http(s) address that can be fetched.',
  'error.fetch.blocked':
    '{url} is on a private or local network, which Checkpoint does not contact (CHECKPOINT_ALLOW_NETWORKS can let it through).',
  'error.fetch.dns': 'The name of {url} could not be found.',
  'error.fetch.timeout': '{url} did not answer in time.',
  'error.fetch.too_large': 'What {url} sent is too large.',
  'error.fetch.too_many_redirects': '{url} redirects too many times.',
  'error.fetch.network': '{url} could not be reached.',
  'error.fetch.tls': 'The secure connection to {url} failed (certificate or TLS).',

  'error.rule.name': 'The rule needs a name (at most 200 characters).',
  'error.rule.when': 'The rule needs at least one condition.',
  'error.rule.number': 'Condition {n}: “is at least” and “is at most” need a number.',
  'error.rule.regex': 'Condition {n}: this is not a valid regular expression ({reason}).',
  'error.rule.regexLong': 'Condition {n}: the regular expression is longer than {max} characters.',
  'error.rule.condition': 'Condition {n} is not complete: choose a field and fill in a value.',
  'error.rule.tag': 'A tag rule needs the tag to add.',
  'error.rule.deliver':
    '“Deliver by” takes ntfy:URL, email:ADDRESS or webpush, and only for rules that break through.',
  'error.rule.amount': 'The points must be between 0 and 1000.',
  'error.rule.perHour': '“At most per hour” must be a whole number between 1 and 1000.',
  'error.rule.invalid': 'This rule cannot be saved: {detail}',

  'error.imap.host': '“{host}” is not a server name like imap.example.org.',
  'error.imap.port': 'The port must be a number between 1 and 65535.',
  'error.imap.user': 'Fill in the user name of the mailbox.',
  'error.imap.password': 'Fill in the password of the mailbox.',
  'error.imap.moveTo':
    'The folder to move newsletters to must differ from the folder they are read from.',
  'error.imap.connected': 'The mailbox of {user} at {host} is already connected.',
  'error.imap.stored': 'The stored settings of this mailbox are incomplete; connect it again.',
  'error.imap.decrypt':
    'The stored password of this mailbox cannot be read any more (was CHECKPOINT_SECRET changed?); enter it again.',
  'error.imap.sender':
    '“{sender}” is neither an e-mail address nor a domain (like news@example.org or example.org).',
  'error.imap.folder': '“{name}” cannot be used as a folder name.',
  'error.address.label': 'The name is longer than 200 characters.',
  'error.address.exhausted': 'No free address was found. Try again.',
  'error.unsubscribe.none':
    'This newsletter offers no unsubscribe header; use the link inside the message.',
  'error.unsubscribe.noMailer': 'Sending the unsubscribe mail needs CHECKPOINT_SMTP_URL.',

  'error.mastodon.instance':
    '“{instance}” is not the address of a Mastodon server like mastodon.social.',
  'error.mastodon.expired': 'This authorisation is unknown or expired. Start connecting again.',
  'error.mastodon.token': 'The Mastodon server did not accept this access token.',
  'error.mastodon.failed': 'The Mastodon server did not accept this: {reason}',
  'error.bluesky.service': '“{service}” is not a service address like https://bsky.social.',
  'error.bluesky.handle': 'Fill in a handle like alice.bsky.social.',
  'error.bluesky.password': 'Fill in an app password.',
  'error.bluesky.failed': 'Bluesky did not accept this: {reason}',
  'error.bridge.host': '“{account}” is not a {platform} account: {host} is not its site.',
  'error.bridge.name':
    '“{account}” is not a {platform} account: give a name like “acme” or a profile URL.',
  'error.bridge.mastodon':
    '“{account}” is not a Mastodon account: give @user@instance or https://instance/@user.',
  'error.bridge.needed':
    'Following {platform} accounts needs an RSSHub or RSS-Bridge instance: set its address under “Closed platforms” first.',
  'error.bridge.noRoute': 'Your bridge cannot follow {platform} accounts like “{account}”.',
  'error.bridge.scheme': 'Only http(s) addresses can be used (got {scheme}).',
  'error.bridge.several': '{url} offers several feeds, not one.',

  'error.import.json': '{file} is not valid JSON ({reason}).',
  'error.import.cellEmpty': '{file}, line {line}: “{column}” is empty.',
  'error.import.cellDate': '{file}, line {line}: “{column}” is not a date (“{value}”).',
  'error.import.csvQuote': '{file}, line {line}: a quoted field is never closed.',
  'error.import.csvColumn': '{file}: the header (line {line}) has no “{column}” column.',
  'error.import.csvHeader': '{file}: no header row starting with “{column}”.',
  'error.import.missing': 'This {platform} export has none of these files: {files}.',
  'error.import.shape': '{file} does not look like a file of a {platform} export.',
  'error.import.fieldMissing': '{entry}: “{field}” is missing or not valid.',
  'error.import.fieldDate': '{entry}: “{field}” is not a date (“{value}”).',
  'error.import.unknown':
    'Which export this is cannot be told from its files ({files}); choose the platform.',
  'error.import.unknownEmpty': 'This export has no text files to read; choose the platform.',
  'error.import.emptyFile': '{file} is empty.',
  'error.import.unpack': '{file}: {entry} cannot be unpacked ({reason}).',
  'error.import.tooLarge': '{file}: {entry} is larger than 512 MB.',
  'error.import.dateOrder': 'The dates of this chat mix day-first and month-first orders.',
  'error.import.lineDate': '{file}, line {line}: not a valid date or time.',
  'error.import.whatsappLine':
    '{file}, line {line}: expected a message line like “31/12/2023, 23:59 - Name: text”.',
  'error.import.noMessages': '{file} holds no messages.',
  'error.import.whatsappNoChat': 'This export has no chat .txt file.',
} as const;
