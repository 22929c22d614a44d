/** Run a validator as a child process; a missing program is “unavailable”, not a failure. */
import { spawn } from 'node:child_process'

export interface RunResult {
  code: number | null
  stdout: string
  stderr: string
  /** The program could not be started (not installed). */
  missing: boolean
}

export function run(command: string, args: string[], options: { env?: Record<string, string>; timeoutMs?: number; cwd?: string } = {}): Promise<RunResult> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env } })
    let stdout = ''
    let stderr = ''
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000)
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', () => {
      clearTimeout(timer)
      done({ code: null, stdout, stderr, missing: true })
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      done({ code, stdout, stderr, missing: false })
    })
  })
}

/**
 * A validator that is a Java program (EPUBCheck, the Nu HTML Checker): each run is one short-lived JVM, whose
 * optimising compiler (C2) costs more CPU than it saves in a run of seconds — EPUBCheck on this edition's EPUB
 * 7.6 → 3.8 s of CPU, vnu on its pages 4.9 → 2.6 s — so the JVM stops at the quick compiler (C1), with the serial
 * collector. The C1 frames are larger: vnu's schema checking overflows the default 1 MB stack without -Xss4m.
 */
export function java(jar: string, args: string[]): Promise<RunResult> {
  return run('java', ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xss4m', '-jar', jar, ...args])
}

/** What a checker found: no problems is a pass; `unavailable` says how to install the tool. */
export interface CheckResult {
  checker: string
  target: string
  problems: string[]
  unavailable?: string
}
