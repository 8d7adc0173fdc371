/** A word for a POSIX shell: quoted unless it holds only safe characters. */
const shellWord = (word: string): string =>
  /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;

/**
 * The `petitio report` command line for `file`, as it runs when pasted
 * anywhere in the checkout: the repository's root script (after a build),
 * since a checkout puts no `petitio` on the PATH.
 */
export const reportCommandLine = (file: string): string =>
  `npx -y pnpm@10.34.9 -w petitio report ${shellWord(file)}`;
