import { readFileSync } from 'node:fs';

/**
 * Throws unless this process runs in a network namespace whose only interface is loopback, which is where
 * e2e/run-in-netns.sh puts it. Browser tests must never probe the host's real addresses.
 * (/proc/self/net/dev follows the process's namespace; /sys/class/net would show the host's.)
 */
export function assertPrivateNetwork() {
  const interfaces = readFileSync('/proc/self/net/dev', 'utf8')
    .split('\n')
    .slice(2)
    .map((line) => line.split(':')[0].trim())
    .filter(Boolean);
  const others = interfaces.filter((name) => name !== 'lo');
  if (others.length > 0) {
    throw new Error(
      `browser tests must run in a private network namespace, but ${others.join(', ')} are visible: ` +
        'run them through e2e/run-in-netns.sh',
    );
  }
}
