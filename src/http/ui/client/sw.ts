/**
 * The service worker: shows the notifications Checkpoint sends (a checkpoint is ready, or a
 * breakthrough a rule allowed) and opens the right page when one is clicked. Nothing else.
 * (The few worker types it uses are declared here, so the project keeps one DOM type setup.)
 */
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface PushEvent extends ExtendableEvent {
  data: { json(): unknown; text(): string } | null;
}
interface NotificationEvent extends ExtendableEvent {
  notification: { close(): void; data: unknown };
}
interface WorkerScope {
  registration: {
    showNotification(title: string, options: Record<string, unknown>): Promise<void>;
  };
  clients: { claim(): Promise<void>; openWindow(url: string): Promise<unknown> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'push', listener: (event: PushEvent) => void): void;
  addEventListener(type: 'notificationclick', listener: (event: NotificationEvent) => void): void;
}
declare const self: WorkerScope;

interface Payload {
  title?: string;
  body?: string;
  url?: string | null;
  kind?: string;
  tags?: string[];
}

self.addEventListener('install', () => {
  void self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('push', (event) => {
  let data: Payload = {};
  try {
    data = (event.data?.json() ?? {}) as Payload;
  } catch {
    data = { title: 'Checkpoint', body: event.data?.text() ?? '' };
  }
  event.waitUntil(
    self.registration.showNotification(data.title ?? 'Checkpoint', {
      body: data.body ?? '',
      icon: '/icon.svg',
      tag: data.kind === 'checkpoint' ? 'checkpoint' : undefined,
      data: { url: data.url ?? '/checkpoint' },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data as { url?: string } | null)?.url ?? '/checkpoint';
  event.waitUntil(self.clients.openWindow(url));
});

export {};
