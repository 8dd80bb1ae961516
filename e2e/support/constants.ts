/** Ports and keys of the end-to-end setup; everything listens on this machine only. */
export const E2E = {
  serverPort: 8799,
  serverUrl: "http://localhost:8799",
  /** A second server whose sandbox consent page severs the opener (COOP). */
  coopServerPort: 8798,
  coopServerUrl: "http://localhost:8798",
  hostPort: 8800,
  hostUrl: "http://127.0.0.1:8800",
  /** The same host pages built against React 18 (e2e/host/vite.react18.config.ts). */
  react18HostPort: 8801,
  react18HostUrl: "http://127.0.0.1:8801",
  storybookPort: 6007,
  storybookUrl: "http://127.0.0.1:6007",
  secretKey: "sk_e2e_0123456789abcdefghijklmnop",
  signingKey: Buffer.alloc(32, 5).toString("base64"),
  encryptionKey: Buffer.alloc(32, 6).toString("base64"),
} as const;
