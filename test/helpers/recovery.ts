import { CryptoRandomSource, RandomSource } from '../../src/common/crypto/random-source';
import { Notifications, NoticeRequest } from '../../src/notifications/notifications.port';
import { RecordingNotifications } from '../fakes/recording-notifications';
import { createTestApp, TestApp, TestAppOptions } from './test-app';

/** The CAPTCHA_TEST_ANSWER the recovery suites run with. */
export const TEST_CAPTCHA_ANSWER = '24680';

/** Random source whose next digit strings a test can script (captcha answers, SMS codes). */
export class ScriptedRandom extends CryptoRandomSource {
  readonly nextDigits: string[] = [];
  override digits(length: number): string {
    return this.nextDigits.shift() ?? super.digits(length);
  }
}

export interface RecoveryTestApp extends TestApp {
  notices: RecordingNotifications;
  random: ScriptedRandom;
  api(realm: string): string;
  /** A fresh captcha with the test answer, as recovery bodies carry it. */
  captcha(realm: string): Promise<{ captchaId: string; captchaAnswer: string }>;
  /** Notices queued since the last `take`, oldest first. */
  take(filter?: Partial<Pick<NoticeRequest, 'notice' | 'channel' | 'to'>>): NoticeRequest[];
}

export async function createRecoveryTestApp(options: TestAppOptions = {}): Promise<RecoveryTestApp> {
  const notices = new RecordingNotifications();
  const random = new ScriptedRandom();
  const t = await createTestApp({
    ...options,
    env: { CAPTCHA_TEST_ANSWER: TEST_CAPTCHA_ANSWER, THROTTLE_RECOVERY_LIMIT: '100000', ...options.env },
    configure: (b) => {
      const builder = b.overrideProvider(Notifications).useValue(notices).overrideProvider(RandomSource).useValue(random);
      return options.configure ? options.configure(builder) : builder;
    },
  });
  let seen = 0;
  return Object.assign(t, {
    notices,
    random,
    api: (realm: string) => `/api/v1/realms/${realm}`,
    captcha: async (realm: string) => {
      const res = await t.http().post(`/api/v1/realms/${realm}/captcha`);
      if (res.status !== 201) throw new Error(`captcha: ${res.status}`);
      return { captchaId: res.body.captchaId as string, captchaAnswer: TEST_CAPTCHA_ANSWER };
    },
    take: (filter: Partial<Pick<NoticeRequest, 'notice' | 'channel' | 'to'>> = {}) => {
      const fresh = notices.queued.slice(seen);
      seen = notices.queued.length;
      return fresh.filter((n) => Object.entries(filter).every(([k, v]) => n[k as keyof NoticeRequest] === v));
    },
  });
}

/** The token of a reset link. */
export function tokenOf(link: string): string {
  return new URL(link).searchParams.get('token')!;
}
