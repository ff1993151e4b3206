import { execFileSync } from 'node:child_process';

/**
 * The path of a program the bench needs, installing its Debian package when it is missing
 * (bench only; root on these machines, and the Debian mirror is reachable).
 */
export function debianProgram(candidates: string[], pkg: string): string {
  const found = () =>
    candidates.find((candidate) => {
      try {
        execFileSync(candidate, ['-v'], { stdio: 'ignore' });
        return true;
      } catch (error) {
        // wrk -v exits 1 after printing its version: present all the same.
        return (error as { code?: string }).code !== 'ENOENT';
      }
    });
  const present = found();
  if (present) return present;
  process.stderr.write(`${pkg} is missing; installing Debian’s ${pkg}…\n`);
  execFileSync(
    'sh',
    ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkg}`],
    {
      stdio: 'inherit',
    },
  );
  const installed = found();
  if (!installed) throw new Error(`${pkg} installed, but none of ${candidates.join(', ')} runs`);
  return installed;
}
