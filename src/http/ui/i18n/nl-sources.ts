import type { enSources } from './en-sources.ts';

/** Dutch strings of the Sources tabs beyond feeds (the same keys as en-sources.ts). */
export const nlSources: Record<keyof typeof enSources, string> = {
  'common.copied': 'Gekopieerd',
  'sources.tabs': 'Soorten bronnen',
  'sources.tab.feeds': 'Feeds',
  'sources.tab.newsletters': 'Nieuwsbrieven',
  'sources.tab.social': 'Sociaal & telefoon',
  'sources.tab.imports': 'Importeren',
  'sources.all': 'Al je bronnen',
  'source.kind.mastodon': 'Mastodon',
  'source.kind.bluesky': 'Bluesky',

  'newsletters.lead':
    'Nieuwsbrieven wachten hier in plaats van in je inbox: koppel een mailbox, of deel eigen adressen uit.',
  'mailbox.title': 'Een mailbox koppelen',
  'mailbox.intro':
    'Checkpoint leest alleen nieuwsbrieven (mail met List-Id, List-Unsubscribe of Precedence: bulk, en afzenders die je aanwijst). Het verwijdert nooit mail.',
  'mailbox.host': 'IMAP-server',
  'mailbox.port': 'Poort',
  'mailbox.tls': 'Versleuteling',
  'mailbox.tls.tls': 'TLS (meestal poort 993)',
  'mailbox.tls.starttls': 'STARTTLS (meestal poort 143)',
  'mailbox.tls.none': 'Geen (alleen op je eigen netwerk)',
  'mailbox.user': 'Gebruikersnaam',
  'mailbox.password': 'Wachtwoord',
  'mailbox.passwordHelp':
    'Gmail, Fastmail en iCloud willen hier een app-wachtwoord, niet je gewone. Het wordt versleuteld bewaard.',
  'mailbox.folder': 'Map',
  'mailbox.moveTo': 'Nieuwsbrieven verplaatsen naar (optioneel)',
  'mailbox.moveToHelp':
    'Uit de inbox gehaald nadat ze bewaard zijn, zodat je mailapp niet meer meldt. Leeg: laten staan waar ze staan.',
  'mailbox.senders': 'Deze afzenders ook als nieuwsbrief behandelen',
  'mailbox.sendersHelp': 'Adressen of domeinen, één per regel.',
  'mailbox.remoteImages': 'Externe afbeeldingen in deze nieuwsbrieven tonen',
  'mailbox.remoteImagesHelp':
    'Uit: afbeeldingen blijven weg tot je erom vraagt, want de meeste melden dat je de mail opende.',
  'mailbox.test': 'Verbinding testen',
  'mailbox.connect': 'Koppelen',
  'mailbox.testOk':
    'Verbonden. Er staat 1 bericht in {folder}.||Verbonden. Er staan {count} berichten in {folder}.',
  'mailbox.folders': 'Mappen: {folders}',
  'mailbox.problem.auth':
    'De server accepteerde de gebruikersnaam of het wachtwoord niet. Veel aanbieders willen een app-wachtwoord.',
  'mailbox.problem.tls':
    'De versleutelde verbinding mislukte. Kijk of de poort en de versleuteling bij elkaar horen.',
  'mailbox.problem.folder': 'Die map bestaat niet op deze server.',
  'mailbox.problem.connect': 'De server was niet bereikbaar. Kijk het adres en de poort na.',
  'mailbox.problem.blocked':
    'Dit adres is niet toegestaan: het is een privénetwerk (zie CHECKPOINT_ALLOW_NETWORKS).',
  'mailbox.problem.other': 'De mailbox kon niet worden gebruikt.',
  'mailbox.added':
    '{name} gekoppeld: 1 nieuwsbrief wacht op je volgende checkpoint.||{name} gekoppeld: {count} nieuwsbrieven wachten op je volgende checkpoint.',
  'mailbox.connected': 'Gekoppelde mailboxen',
  'mailbox.settings': 'Mailboxinstellingen',
  'mailbox.login': '{user} op {host}, poort {port}, {tls}',
  'mailbox.newPassword': 'Nieuw wachtwoord (leeg: het oude houden)',

  'addresses.title': 'Je eigen adressen',
  'addresses.intro':
    'Abonneer je op nieuwsbrieven met een adres dat rechtstreeks naar Checkpoint gaat: desnoods één per nieuwsbrief.',
  'addresses.unset': 'Deze server heeft nog geen maildomein en kan dus geen adressen uitdelen.',
  'addresses.unsetDomain':
    'De beheerder zet `CHECKPOINT_MAIL_DOMAIN` op het domein van de adressen (bijvoorbeeld `in.example.org`) en `CHECKPOINT_SMTP_PORT` op de poort van de ingebouwde mailserver, en herstart Checkpoint.',
  'addresses.unsetMx': 'Het domein krijgt een MX-record dat naar deze server wijst:',
  'addresses.unsetPort':
    'Mailservers bezorgen op poort 25: gebruik `CHECKPOINT_SMTP_PORT=25`, of stuur poort 25 door naar de gekozen poort.',
  'addresses.unsetError':
    'Adressen hebben een maildomein nodig: stel eerst CHECKPOINT_MAIL_DOMAIN in (met een MX-record ervoor).',
  'addresses.noPort':
    'De ingebouwde mailserver staat uit tot `CHECKPOINT_SMTP_PORT` is ingesteld: je kunt adressen maken, maar er komt nog geen mail binnen.',
  'addresses.newLabel': 'Naam van een nieuw adres (bijv. de nieuwsbrief)',
  'addresses.labelPlaceholder': 'De Weekbrief',
  'addresses.create': 'Adres maken',
  'addresses.domainHelp': 'Adressen eindigen op @{domain}.',
  'addresses.createdNotice':
    'Nieuw adres: {address}. Kopieer het in het aanmeldformulier van de nieuwsbrief.',
  'addresses.noLabel': 'Adres zonder naam',
  'addresses.addressOf': 'Adres van {name}',
  'addresses.created': 'gemaakt {when}',
  'addresses.imagesShown': 'afbeeldingen getoond',
  'addresses.imagesBlocked': 'afbeeldingen op verzoek',
  'addresses.label': 'Naam',
  'addresses.removeConfirm': 'Geen mail meer ontvangen op {address}?',
  'addresses.removed':
    '{address} ontvangt geen mail meer. Wat binnenkwam blijft (de bron is gepauzeerd).',

  'senders.title': 'Afzenders',
  'senders.empty': 'Er zijn nog geen nieuwsbrieven binnengekomen.',
  'senders.count': '1 nieuwsbrief||{count} nieuwsbrieven',
  'senders.last': 'laatst {when}',
  'senders.unsubscribe': 'Afmelden',
  'senders.unsubscribeFrom': 'Afmelden bij {sender}',
  'senders.oneClick': 'Eén klik: Checkpoint laat het de afzender weten.',
  'senders.openLink': 'Afmelden op {host}',
  'senders.writeMail': 'Een afmeldmail schrijven',
  'senders.sendMail': 'De afmeldmail voor mij versturen',
  'senders.noOffer': 'Geen afmeldlink in de kopregels: gebruik die in de nieuwsbrief.',
  'senders.method.one-click': 'één klik',
  'senders.method.https': 'link',
  'senders.method.mailto': 'mail',
  'senders.done': 'Afgemeld {when} ({method}).',
  'senders.failed': 'Afmelden mislukt {when} ({method}). Je kunt het opnieuw proberen.',
  'senders.offered': 'Afmeldlink aangeboden {when}.',
  'senders.doneNotice': 'Afgemeld bij {sender}: de afzender heeft het bevestigd.',
  'senders.mailSent': 'De afmeldmail aan {sender} is verstuurd.',
  'senders.failedNotice': 'Afmelden bij {sender} mislukte: {detail}',
  'senders.offeredNotice': 'Open {target} om je af te melden bij {sender}',

  'social.lead':
    'Mastodon en Bluesky via hun eigen API’s, pushberichten van je telefoon en servers, en gesloten platforms via een brug.',
  'social.instance': 'Je server (instance)',
  'social.mastodonHelp':
    'Je bevestigt op je eigen server. Checkpoint vraagt alleen leesrechten en plaatst nooit iets.',
  'social.mastodonConnect': 'Koppelen met Mastodon',
  'social.mastodonToken': 'Of plak een toegangstoken',
  'social.accessToken': 'Toegangstoken',
  'social.mastodonTokenHelp':
    'Te maken op je server onder Voorkeuren → Ontwikkeling, met de scopes read:statuses, read:notifications en read:accounts.',
  'social.connect': 'Koppelen',
  'social.handle': 'Handle',
  'social.appPassword': 'App-wachtwoord',
  'social.appPasswordHelp':
    'Niet je hoofdwachtwoord: maak er een onder Instellingen → Privacy en beveiliging → App-wachtwoorden.',
  'social.service': 'Dienst (optioneel)',
  'social.serviceHelp': 'Alleen voor een eigen server. Leeg: https://bsky.social.',
  'social.continueTitle': 'Verder op {host}',
  'social.continueText':
    '{host} vraagt of Checkpoint je tijdlijn en meldingen mag lezen. Daarna stuurt het je hierheen terug.',
  'social.continue': 'Verder naar {host}',
  'social.connected':
    '{name} gekoppeld: 1 item wacht op je volgende checkpoint.||{name} gekoppeld: {count} items wachten op je volgende checkpoint.',
  'social.reconnected': '{name} is opnieuw gekoppeld.',
  'social.oauth.denied': 'Mastodon is niet gekoppeld: de server gaf geen toestemming.',
  'social.oauth.expired':
    'Mastodon is niet gekoppeld: de toestemming is verlopen of al gebruikt. Begin opnieuw.',
  'social.oauth.failed':
    'Mastodon is niet gekoppeld: de server antwoordde niet zoals verwacht. Probeer het later nog eens.',
  'social.accounts': 'Gekoppelde accounts',
  'social.followed':
    'Je volgt {name}: 1 item wacht op je volgende checkpoint.||Je volgt {name}: {count} items wachten op je volgende checkpoint.',

  'intake.title': 'Pushberichten van je telefoon en servers',
  'intake.intro':
    'Apps en servers die meldingen pushen (ntfy, Gotify, Pushover, webhooks, je telefoon) kunnen in plaats daarvan naar Checkpoint pushen. Het houdt alles vast tot je volgende checkpoint.',
  'intake.token': 'Ontvangsttoken',
  'intake.tokens': 'Ontvangsttokens',
  'intake.created':
    'Kopieer dit token nu, het wordt maar één keer getoond. De voorbeelden hieronder gebruiken het.',
  'intake.noTokens': 'Nog geen ontvangsttokens.',
  'intake.label': 'Naam van een nieuw token (bijv. "telefoon")',
  'intake.labelPlaceholder': 'telefoon',
  'intake.create': 'Token maken',
  'intake.revoked': 'Token ingetrokken: afzenders die het gebruiken worden vanaf nu geweigerd.',
  'intake.placeholder': 'JOUW_TOKEN',
  'intake.examples': 'Voorbeelden',
  'intake.examplesFilled': 'Ingevuld met het adres van deze server en je nieuwe token.',
  'intake.examplesPlaceholder':
    'Maak een token om ze ingevuld te zien; tot dan staat JOUW_TOKEN op zijn plaats.',
  'intake.serverUrl': 'Server-URL',
  'intake.webhookUrl': 'Webhook-URL',
  'intake.ntfyCurl': 'Vanuit een script of een terminal:',
  'intake.ntfyApps':
    'Apps met een ntfy-instelling (Uptime Kuma, Home Assistant, Proxmox, de ntfy-app): deze server-URL, een willekeurig onderwerp, en het token als toegangstoken (of een willekeurige gebruikersnaam met het token als wachtwoord).',
  'intake.ntfyCli': 'Met het ntfy-opdrachtregelprogramma:',
  'intake.gotifyApps':
    'Apps met een Gotify-instelling: deze server-URL, en het token als applicatietoken.',
  'intake.pushover':
    'Alles waarin je het adres van de Pushover-API kunt wijzigen: het token komt in token (of user).',
  'intake.android': 'Android-meldingen',
  'intake.androidForwarder':
    'Notification Forwarder for Android: voeg een webhook toe met deze URL, methode POST, en de kopregel `Authorization` hieronder; geef de app toegang tot meldingen.',
  'intake.androidSms': 'Incoming SMS to URL forwarder: deze URL, deze kopregels en deze inhoud.',
  'intake.androidTry': 'Om het te proberen, stuur wat een doorstuurapp stuurt:',
  'intake.ios': 'iPhone (Opdrachten)',
  'intake.ios1':
    'Open Opdrachten → Automatisering → Nieuwe automatisering, kies een trigger (bijvoorbeeld Bericht) en Voer direct uit.',
  'intake.ios2': 'Voeg de actie Haal inhoud van URL op toe, met deze URL:',
  'intake.ios3': 'Toon meer: methode POST, en een kopregel `Authorization` met deze waarde:',
  'intake.ios4':
    'Verzoekhoofdtekst JSON met de velden `topic` (bijvoorbeeld iphone), `title` en `message` (de invoer van de opdracht).',
  'intake.ios5':
    'Tik op Gereed en probeer het één keer met ▶: het item wacht op je volgende checkpoint.',
  'intake.sources': 'Waar pushberichten binnenkomen',

  'bridges.title': 'Gesloten platforms',
  'bridges.intro':
    'X, Instagram, Threads, Facebook en LinkedIn bieden geen feeds. Een eigen RSSHub- of RSS-Bridge-server maakt van hun accounts feeds.',
  'bridges.url': 'Adres van de brug',
  'bridges.kind': 'Soort',
  'bridges.kindDetect': 'Herkennen',
  'bridges.current': 'In gebruik: {kind} op {url}',
  'bridges.none': 'Nog geen brug ingesteld.',
  'bridges.saved': 'Brug opgeslagen: {url}',
  'bridges.cleared': 'Brug verwijderd. Accounts die je volgt houden hun feeds.',
  'bridges.follow': 'Een account volgen',
  'bridges.platform': 'Platform',
  'bridges.account': 'Account',
  'bridges.followHelp':
    'Een naam, @naam of profieladres. Mastodon- (@gebruiker@server) en Bluesky-profielen hebben geen brug nodig.',
  'bridges.followSubmit': 'Volgen',
  'bridges.followed': 'Gevolgde accounts',
  'bridges.unknownPlatform': 'Kies een van de platforms uit de lijst.',

  'imports.lead':
    'Je gegevens van een platform gedownload? Importeer ze als archief waarin je kunt zoeken. Niets ervan stoort je.',
  'imports.title': 'Een gegevensexport importeren',
  'imports.file': 'Exportbestand',
  'imports.fileHelp':
    'Een ZIP zoals het platform hem geeft, of één bestand daaruit. Foto’s en video’s worden overgeslagen.',
  'imports.kind': 'Platform',
  'imports.detect': 'Herkennen aan de bestanden',
  'imports.tz': 'Tijdzone van de tijden in het bestand',
  'imports.tzHelp':
    'Alleen WhatsApp-chats hebben die nodig: ze bevatten de lokale tijd van de telefoon.',
  'imports.submit': 'Importeren',
  'imports.uploading': 'Uploaden: {percent}%',
  'imports.reading': 'De export lezen: {percent}%',
  'imports.storing': 'Items bewaren: {done} van {total}',
  'imports.done':
    '{name}: 1 item gevonden, {added} nieuw, {unchanged} waren er al.||{name}: {count} items gevonden, {added} nieuw, {unchanged} waren er al.',
  'imports.failed': 'De import is gestopt, er is niets van bewaard: {reason}',
  'imports.noFile': 'Kies eerst een exportbestand.',
  'imports.tooBig':
    'Dit bestand is groter dan {mb} MB: importeer het met `checkpoint import` of de API.',
  'imports.archives': 'Je archieven',
  'imports.none': 'Nog niets geïmporteerd.',
  'imports.items': '1 item||{count} items',
  'imports.since': 'eerst geïmporteerd {when}',
  'imports.where': 'Waar vind ik een export?',
  'imports.where.x': 'Instellingen → Je account → Download een archief van je gegevens.',
  'imports.where.linkedin': 'Instellingen → Gegevensprivacy → Een kopie van je gegevens ophalen.',
  'imports.where.facebook':
    'Instellingen → Je gegevens → Je gegevens downloaden, in de indeling JSON.',
  'imports.where.instagram':
    'Accountcentrum → Je gegevens → Je gegevens downloaden, in de indeling JSON.',
  'imports.where.whatsapp': 'Open een chat → Meer → Chat exporteren (zonder media is genoeg).',
  'imports.where.snapchat': 'Instellingen → Mijn gegevens.',

  'item.imagesHeld': 'Externe afbeeldingen in deze nieuwsbrief zijn niet geladen.',
  'item.shareOn': 'Delen op',
  'item.shareEmail': 'E-mail',
};
