/** The error for a missing tool or package on this machine: its message says how to install it; the CLI exits with 3. */
import { existsSync } from 'node:fs'
export class EnvironmentError extends Error {}

/** Debian's Chromium (or PUPPETEER_EXECUTABLE_PATH), if it is installed. */
export function chromiumPath(): string | undefined {
  const path = process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium'
  return existsSync(path) ? path : undefined
}

/** Chromium's path, or an EnvironmentError that says how to install it. */
export function requireChromium(): string {
  const path = chromiumPath()
  if (!path) throw new EnvironmentError(`Chromium not found at ${process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium'}: run \`apt-get install -y chromium\` (or set PUPPETEER_EXECUTABLE_PATH)`)
  return path
}

/** Flags for headless Chromium here: root needs --no-sandbox; background networking must stay off (no network). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // No name is ever resolved (every lookup fails at once, the loopback server is addressed by IP) and none of
  // Chromium's own services (metrics, safe browsing, translation, component and variation fetches, the IPv6
  // reachability probe of a public resolver) runs: the only connection a build makes is to 127.0.0.1.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
  '--dns-prefetch-disable',
  '--no-pings',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-breakpad',
  '--disable-crash-reporter',
  '--no-default-browser-check',
  '--metrics-recording-only',
  '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
  // Chromium preloads the address bar's suggestion popup (a WebUI renderer) in every window, headless too: two
  // processes of ~50 MB and seconds of CPU per book for a popup no one sees.
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,AsyncDns,DnsOverHttps,OptimizationHints,MediaRouter,DialMediaRouteProvider,Translate,AutofillServerCommunication,CertificateTransparencyComponentUpdater,NetworkTimeServiceQuerying,SafeBrowsing',
]
