/**
 * Direct (non-HTTP) access to the fake's Messaging and Verify state, for test set-up and assertions.
 * Everything handed out is a copy.
 */
import type { MessagesStore } from './messages-store';
import type { MessagesHelpers, VerifyHelpers } from './types';
import type { VerifyStore } from './verify-store';

export function messagesHelpers(store: MessagesStore): MessagesHelpers {
  return {
    requests: () => structuredClone(store.requests()),
    all: () => structuredClone(store.all()),
    block: (to, sender) => store.block(to, sender),
    unblock: (to, sender) => store.unblock(to, sender),
    setRedactionEnabled(enabled: boolean): void {
      store.redactionEnabled = enabled;
    },
    clear: () => store.clear(),
  };
}

export function verifyHelpers(store: VerifyStore, accountSid: string): VerifyHelpers {
  return {
    createService: (friendlyName) => store.createService(accountSid, friendlyName),
    codeFor: (serviceSid, to) => store.codeFor(serviceSid, to),
    sends: () => store.sends(),
    markLandline: (to) => store.markLandline(to),
    markInvalid: (to) => store.markInvalid(to),
    clear: () => store.clear(),
  };
}
