/**
 * Copy-ready examples of pushing to Checkpoint's intake, filled in with the instance's base
 * URL and an intake token (docs/push-intake.md explains each shape). Pure string building: the
 * Social & phone page shows them, and the browser test runs the ntfy one with a real curl.
 */

export interface IntakeExamples {
  /** Where the ntfy shape is served (the "server URL" of ntfy senders). */
  ntfyServer: string;
  ntfyCurl: string;
  ntfyCli: string;
  gotifyServer: string;
  gotifyCurl: string;
  pushoverCurl: string;
  /** The webhook Android notification forwarders post to. */
  androidUrl: string;
  androidCurl: string;
  smsUrl: string;
  smsHeaders: string;
  smsPayload: string;
  /** iOS Shortcuts "Get Contents of URL". */
  iosUrl: string;
  iosHeader: string;
}

/**
 * @example intakeExamples('https://cp.example.org', 'cpiAbc').ntfyCurl
 * // 'curl -H "Authorization: Bearer cpiAbc" \\\n  -H "Title: Backup failed" …'
 */
export function intakeExamples(baseUrl: string, token: string): IntakeExamples {
  const base = baseUrl.replace(/\/+$/, '');
  const bearer = `Bearer ${token}`;
  return {
    ntfyServer: `${base}/intake/ntfy`,
    ntfyCurl: [
      `curl -H "Authorization: ${bearer}" \\`,
      '  -H "Title: Backup failed" -H "Priority: high" -H "Tags: warning" \\',
      '  -d "Disk /dev/sda1 is full" \\',
      `  "${base}/intake/ntfy/backups"`,
    ].join('\n'),
    ntfyCli: `ntfy publish --token ${token} "${base}/intake/ntfy/alerts" "Disk full"`,
    gotifyServer: `${base}/intake/gotify`,
    gotifyCurl: [
      `curl "${base}/intake/gotify/message?token=${token}" \\`,
      '  -F "title=Backup" -F "message=Backup finished" -F "priority=5"',
    ].join('\n'),
    pushoverCurl: [
      `curl --form-string "token=${token}" --form-string "user=checkpoint" \\`,
      '  --form-string "title=Basement" --form-string "message=Water leak" \\',
      '  --form-string "priority=1" \\',
      `  "${base}/intake/pushover/1/messages.json"`,
    ].join('\n'),
    androidUrl: `${base}/intake/webhook/phone`,
    androidCurl: [
      `curl -H "Authorization: ${bearer}" -H "Content-Type: application/json" \\`,
      `  -d '{"packageName":"org.example.chat","appName":"Chat","title":"Ann","text":"Lunch at one?"}' \\`,
      `  "${base}/intake/webhook/phone"`,
    ].join('\n'),
    smsUrl: `${base}/intake/webhook/sms`,
    smsHeaders: `{"Authorization": "${bearer}"}`,
    smsPayload: '{"from": "%from%", "text": "%text%", "sentStamp": %sentStamp%}',
    iosUrl: `${base}/intake/ntfy`,
    iosHeader: bearer,
  };
}
