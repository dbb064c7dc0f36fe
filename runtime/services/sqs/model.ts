/** A message attribute as SendMessage takes it; binary values are kept base64. */
export interface StoredMessageAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

/** One message of a standard queue. Times are epoch milliseconds on the runtime clock. */
export interface SqsMessage {
  messageId: string;
  body: string;
  md5OfBody: string;
  attributes?: Record<string, StoredMessageAttribute>;
  md5OfAttributes?: string;
  senderId: string;
  sentAt: number;
  /** When the message can next be received: after its delay, then after each visibility timeout. */
  visibleAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  /** The token of the latest receive; only the newest receipt handle deletes the message. */
  receiptToken?: string;
}

/** The queue attributes SQS stores, as the strings the API exchanges. */
export type QueueAttributes = Record<string, string>;

export interface SqsQueue {
  name: string;
  createdAt: number;
  modifiedAt: number;
  attributes: QueueAttributes;
  tags: Record<string, string>;
  lastPurgedAt?: number;
  messages: SqsMessage[];
}
