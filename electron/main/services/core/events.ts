import type { EventName, EventPayload } from '../../../../shared/contract';

type Listener = (name: EventName, payload: unknown) => void;

/** Fan-out of contract events to whichever door is listening (IPC, SSE, CLI progress). */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const l of this.listeners) {
      try {
        l(name, payload);
      } catch {
        // One broken listener (a closed SSE stream) must not stop the others.
      }
    }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
