/**
 * Remembers, per conversation, the turn its prompt window started at (see buildHistoryWindow), so that a
 * long conversation keeps the same prefix from one message to the next. Least recently used first out.
 */
export class WindowAnchors {
  private readonly anchors = new Map<string, string>();

  constructor(private readonly capacity = 10_000) {}

  get(conversationKey: string | undefined): string | undefined {
    if (conversationKey === undefined) return undefined;
    const anchor = this.anchors.get(conversationKey);
    if (anchor !== undefined) {
      this.anchors.delete(conversationKey);
      this.anchors.set(conversationKey, anchor);
    }
    return anchor;
  }

  set(conversationKey: string | undefined, anchor: string | undefined): void {
    if (conversationKey === undefined) return;
    this.anchors.delete(conversationKey);
    if (anchor === undefined) return;
    this.anchors.set(conversationKey, anchor);
    if (this.anchors.size > this.capacity) {
      const oldest = this.anchors.keys().next().value;
      if (oldest !== undefined) this.anchors.delete(oldest);
    }
  }
}
