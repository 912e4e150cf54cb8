// The part of smtp-server (no published types) the documents tests use: a local SMTP server that collects messages.
declare module 'smtp-server' {
  import type { Readable } from 'node:stream';
  import type { AddressInfo } from 'node:net';
  interface Address { address: string }
  interface Session { envelope: { mailFrom: Address | false; rcptTo: Address[] } }
  interface SMTPServerOptions {
    authOptional?: boolean;
    disabledCommands?: string[];
    logger?: boolean;
    onRcptTo?(address: Address, session: Session, callback: (err?: Error | null) => void): void;
    onData?(stream: Readable, session: Session, callback: (err?: Error | null) => void): void;
  }
  export class SMTPServer {
    constructor(options: SMTPServerOptions);
    listen(port: number, host: string, callback?: () => void): void;
    close(callback?: () => void): void;
    server: { address(): AddressInfo };
  }
}
