import { Injectable } from '@nestjs/common';

/** Where commands write their results (stdout); logs go to stderr so outputs stay clean. */
@Injectable()
export class CliOutput {
  line(text = ''): void {
    process.stdout.write(`${text}\n`);
  }
  write(chunk: string): boolean {
    return process.stdout.write(chunk);
  }
}
