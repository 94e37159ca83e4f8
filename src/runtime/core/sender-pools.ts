/** The sender pool the project knows (MESSAGING_SERVICE_SID with MESSAGING_SERVICE_NUMBERS): parsed in config, used by the ledger's scope model. */
export interface SenderPool {
  messagingServiceSid: string;
  numbers: readonly string[];
}

export type SenderPools = readonly SenderPool[];
