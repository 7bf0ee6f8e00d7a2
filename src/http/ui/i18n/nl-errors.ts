import type { enErrors } from './en-errors.ts';

/** Dutch error messages of the services (the same keys as en-errors.ts). */
export const nlErrors: Record<keyof typeof enErrors, string> = {
  'error.email': '“{address}” is geen e-mailadres.',
  'error.timeZone': '“{tz}” is geen tijdzone zoals Europe/Amsterdam.',
  'error.password.short': 'Het wachtwoord moet minstens {min} tekens hebben.',
  'error.password.long': 'Het wachtwoord is te lang.',
  'error.password.current': 'Het huidige wachtwoord klopt niet.',
  'error.schedule.ntfy': 'ntfy heeft een http(s)-topic-URL nodig (kreeg “{url}”).',
  'error.schedule.time': '“{time}” is geen tijdstip; schrijf het als 08:00, 8am, 8:30 pm of 17.00.',
  'error.schedule.budget': 'Het budget moet tussen 1 en 600 minuten liggen.',
  'error.schedule.perSource': 'Het maximum per bron moet tussen 1 en 100 liggen.',
  'error.source.url': '“{url}” is geen URL.',
  'error.source.scheme': 'Alleen http(s)-adressen kunnen gevolgd worden (kreeg {scheme}).',
  'error.source.cadence':
    '“{cadence}” is geen ritme: elk checkpoint, dagelijks, of wekelijks op een dag.',
  'error.source.weight': 'Het gewicht moet tussen 0 en {max} liggen.',

  'error.csrf.token':
    'Dit formulier is verouderd of kwam niet van Checkpoint. Laad de pagina opnieuw en probeer het nog eens.',
  'error.csrf.origin':
    'Dit verzoek kwam van een andere site, dus Checkpoint heeft het niet uitgevoerd.',

  'error.feed.parse': 'Dit is geen feed die Checkpoint kan lezen ({reason}).',
  'error.feed.status': '{url} antwoordde met HTTP-status {status}.',
  'error.feed.noFeed': '{url} is een webpagina zonder feed.',
  'error.feed.notFeed': '{url} is geen feed.',
  'error.feed.neither': '{url} is geen feed en ook geen webpagina.',
  'error.reader.noUrl': 'Dit item heeft geen webpagina.',
  'error.reader.noArticle': 'De pagina heeft geen artikeltekst om te tonen.',
  'error.fetch.bad_url': '“{url}” is geen http(s)-adres dat opgehaald kan worden.',
  'error.fetch.blocked':
    '{url} ligt in een privé- of lokaal netwerk, en daar maakt Checkpoint geen contact mee (CHECKPOINT_ALLOW_NETWORKS kan het doorlaten).',
  'error.fetch.dns': 'De naam van {url} is niet gevonden.',
  'error.fetch.timeout': '{url} antwoordde niet op tijd.',
  'error.fetch.too_large': 'Wat {url} stuurde is te groot.',
  'error.fetch.too_many_redirects': '{url} verwijst te vaak door.',
  'error.fetch.network': '{url} is niet bereikbaar.',
  'error.fetch.tls': 'De beveiligde verbinding met {url} mislukte (certificaat of TLS).',

  'error.rule.name': 'De regel heeft een naam nodig (hooguit 200 tekens).',
  'error.rule.when': 'De regel heeft minstens één voorwaarde nodig.',
  'error.rule.number': 'Voorwaarde {n}: “is minstens” en “is hooguit” hebben een getal nodig.',
  'error.rule.regex': 'Voorwaarde {n}: dit is geen geldige reguliere expressie ({reason}).',
  'error.rule.regexLong': 'Voorwaarde {n}: de reguliere expressie is langer dan {max} tekens.',
  'error.rule.condition': 'Voorwaarde {n} is niet compleet: kies een veld en vul een waarde in.',
  'error.rule.tag': 'Een labelregel heeft het label nodig.',
  'error.rule.deliver':
    '“Bezorgen via” neemt ntfy:URL, email:ADRES of webpush, en alleen bij regels die meteen doorkomen.',
  'error.rule.amount': 'De punten moeten tussen 0 en 1000 liggen.',
  'error.rule.perHour': '“Hooguit per uur” moet een heel getal tussen 1 en 1000 zijn.',
  'error.rule.invalid': 'Deze regel kan niet worden opgeslagen: {detail}',

  'error.imap.host': '“{host}” is geen servernaam zoals imap.example.org.',
  'error.imap.port': 'De poort moet een getal tussen 1 en 65535 zijn.',
  'error.imap.user': 'Vul de gebruikersnaam van de mailbox in.',
  'error.imap.password': 'Vul het wachtwoord van de mailbox in.',
  'error.imap.moveTo':
    'De map waar nieuwsbrieven heen gaan moet een andere zijn dan de map waaruit ze gelezen worden.',
  'error.imap.connected': 'De mailbox van {user} op {host} is al gekoppeld.',
  'error.imap.stored':
    'De opgeslagen instellingen van deze mailbox zijn onvolledig; koppel hem opnieuw.',
  'error.imap.decrypt':
    'Het opgeslagen wachtwoord van deze mailbox is niet meer te lezen (is CHECKPOINT_SECRET veranderd?); vul het opnieuw in.',
  'error.imap.sender':
    '“{sender}” is geen e-mailadres en geen domein (zoals news@example.org of example.org).',
  'error.imap.folder': '“{name}” kan niet als mapnaam gebruikt worden.',
  'error.address.label': 'De naam is langer dan 200 tekens.',
  'error.address.exhausted': 'Er is geen vrij adres gevonden. Probeer het nog eens.',
  'error.unsubscribe.none':
    'Deze nieuwsbrief biedt geen afmeldheader; gebruik de link in het bericht zelf.',
  'error.unsubscribe.noMailer':
    'Voor het versturen van de afmeldmail is CHECKPOINT_SMTP_URL nodig.',

  'error.mastodon.instance':
    '“{instance}” is geen adres van een Mastodon-server zoals mastodon.social.',
  'error.mastodon.expired': 'Deze toestemming is onbekend of verlopen. Begin opnieuw met koppelen.',
  'error.mastodon.token': 'De Mastodon-server accepteerde dit toegangstoken niet.',
  'error.mastodon.failed': 'De Mastodon-server accepteerde dit niet: {reason}',
  'error.bluesky.service': '“{service}” is geen dienstadres zoals https://bsky.social.',
  'error.bluesky.handle': 'Vul een handle in zoals alice.bsky.social.',
  'error.bluesky.password': 'Vul een app-wachtwoord in.',
  'error.bluesky.failed': 'Bluesky accepteerde dit niet: {reason}',
  'error.bridge.host': '“{account}” is geen {platform}-account: {host} is niet de site daarvan.',
  'error.bridge.name':
    '“{account}” is geen {platform}-account: geef een naam zoals “acme” of een profiel-URL.',
  'error.bridge.mastodon':
    '“{account}” is geen Mastodon-account: geef @gebruiker@server of https://server/@gebruiker.',
  'error.bridge.needed':
    'Voor het volgen van {platform}-accounts is een RSSHub- of RSS-Bridge-instantie nodig: vul eerst het adres in onder “Gesloten platforms”.',
  'error.bridge.noRoute': 'Je brug kan {platform}-accounts zoals “{account}” niet volgen.',
  'error.bridge.scheme': 'Alleen http(s)-adressen kunnen gebruikt worden (kreeg {scheme}).',
  'error.bridge.several': '{url} biedt meerdere feeds, niet één.',

  'error.import.json': '{file} is geen geldige JSON ({reason}).',
  'error.import.cellEmpty': '{file}, regel {line}: “{column}” is leeg.',
  'error.import.cellDate': '{file}, regel {line}: “{column}” is geen datum (“{value}”).',
  'error.import.csvQuote':
    '{file}, regel {line}: een veld tussen aanhalingstekens wordt nooit gesloten.',
  'error.import.csvColumn': '{file}: de kopregel (regel {line}) heeft geen kolom “{column}”.',
  'error.import.csvHeader': '{file}: geen kopregel die begint met “{column}”.',
  'error.import.missing': 'Deze {platform}-export heeft geen van deze bestanden: {files}.',
  'error.import.shape': '{file} lijkt geen bestand uit een {platform}-export.',
  'error.import.fieldMissing': '{entry}: “{field}” ontbreekt of is ongeldig.',
  'error.import.fieldDate': '{entry}: “{field}” is geen datum (“{value}”).',
  'error.import.unknown':
    'Aan de bestanden ({files}) is niet te zien welke export dit is; kies het platform.',
  'error.import.unknownEmpty':
    'Deze export heeft geen tekstbestanden om te lezen; kies het platform.',
  'error.import.emptyFile': '{file} is leeg.',
  'error.import.unpack': '{file}: {entry} kan niet worden uitgepakt ({reason}).',
  'error.import.tooLarge': '{file}: {entry} is groter dan 512 MB.',
  'error.import.dateOrder':
    'De datums in deze chat gebruiken door elkaar dag-eerst en maand-eerst.',
  'error.import.lineDate': '{file}, regel {line}: geen geldige datum of tijd.',
  'error.import.whatsappLine':
    '{file}, regel {line}: verwachtte een berichtregel zoals “31/12/2023, 23:59 - Naam: tekst”.',
  'error.import.noMessages': '{file} bevat geen berichten.',
  'error.import.whatsappNoChat': 'Deze export heeft geen chatbestand (.txt).',
};
