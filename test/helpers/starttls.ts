/**
 * An SMTP client that goes as far as STARTTLS and reports what the server showed: its EHLO
 * reply and the certificate it presented — what a sending MTA sees before it sends.
 */
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

export interface StarttlsHandshake {
  /** The EHLO reply before TLS (extensions such as STARTTLS and SIZE). */
  ehlo: string;
  /** The certificate's subject CN. */
  commonName: string;
  /** `TLSv1.3` or similar. */
  protocol: string;
}

/** Reads one complete (possibly multi-line) SMTP reply. */
function reply(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (/(?:^|\r\n)\d{3} [^\r\n]*\r\n$/.test(text)) {
        socket.off('data', onData);
        resolve(text);
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}

/**
 * Connects to 127.0.0.1:`port`, says EHLO, STARTTLS, and completes the TLS handshake without
 * checking the certificate (a self-signed test one), then hangs up.
 *
 * @example const { commonName } = await starttlsHandshake(intake.port);
 */
export async function starttlsHandshake(port: number): Promise<StarttlsHandshake> {
  const socket = connect({ host: '127.0.0.1', port });
  await reply(socket); // greeting
  socket.write('EHLO client.test\r\n');
  const ehlo = await reply(socket);
  socket.write('STARTTLS\r\n');
  const ready = await reply(socket);
  if (!ready.startsWith('220')) throw new Error(`starttls: server answered ${ready}`);
  const secure = tlsConnect({ socket, rejectUnauthorized: false, servername: 'localhost' });
  await new Promise<void>((resolve, reject) => {
    secure.once('secureConnect', resolve);
    secure.once('error', reject);
  });
  const cert = secure.getPeerCertificate();
  const protocol = secure.getProtocol() ?? '';
  secure.destroy();
  return { ehlo, commonName: String(cert.subject?.CN ?? ''), protocol };
}
