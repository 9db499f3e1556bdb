/** The theme's colours and font as the charts draw with them (read in theme.ts). Types only, DOM-free. */

export interface Palette {
  readonly foreground: string;
  readonly muted: string;
  readonly grid: string;
  readonly background: string;
  readonly blue: string;
  readonly orange: string;
  readonly green: string;
  readonly red: string;
  readonly purple: string;
  readonly yellow: string;
  readonly fontFamily: string;
  readonly fontSize: number;
}
