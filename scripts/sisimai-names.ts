// Sisimai 5.2 reason names that newer Sisimai (and bouncewise) spell differently; shared by the corpus scripts.
export const SISIMAI_RENAMED: Readonly<Record<string, string>> = {
  mesgtoobig: "emailtoolarge",
  exceedlimit: "emailtoolarge",
  toomanyconn: "ratelimited",
  speeding: "ratelimited",
};
