/** What a lint CLI needs from its caller: the project root and two output streams (tests capture them). */
export interface CliIo {
  root: string;
  out(text: string): void;
  err(text: string): void;
}
