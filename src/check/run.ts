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

/** What a checker found: no problems is a pass; `unavailable` says how to install the tool. */
export interface CheckResult {
  checker: string
  target: string
  problems: string[]
  unavailable?: string
}
