import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A live image captcha. The answer is kept only as a keyed hash; the row is deleted when checked. */
@Entity('captchas')
@Index('ix_captchas_expires', ['expiresAt'])
export class CaptchaEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  realmId: string;

  @Column({ type: 'varchar', length: 64 })
  answerHash: string;

  /** The rendered picture (SVG). It shows the answer: it goes with the row when the captcha is spent or purged. */
  @Column({ type: 'text' })
  svg: string;

  /** The PNG (base64), rasterised once, on the first request for it; gone with the row too. */
  @Column({ type: 'text', nullable: true })
  png: string | null;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  expiresAt: Date;
}
