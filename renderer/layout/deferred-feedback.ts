/**
 * naive-ui's message, dialog and loading-bar APIs from the first render on, with their providers
 * loaded after the first view. The providers (and the message, dialog and modal components they
 * draw) were ~47 KB of the shell's minified chunk, downloaded and compiled before the first view could run,
 * and three provider components in its mount, for messages and dialogs nobody has asked for yet.
 *
 * The root provides naive-ui's own injection keys with the stand-ins made here, so components keep
 * calling naive-ui's `useMessage()`, `useDialog()` and `useLoadingBar()`. The real providers
 * (FeedbackProviders.vue) mount at the page's first idle moment (after-first-view.ts), or at once
 * when a message or dialog is asked for before it; what was asked until then is shown, in order.
 * The loading bar follows only what is still under way: a navigation that started and ended before
 * the providers arrived shows no bar.
 */
import { provide, ref, type Ref } from 'vue';
import { messageApiInjectionKey } from 'naive-ui/es/message/src/context';
import { dialogApiInjectionKey } from 'naive-ui/es/dialog/src/context';
import { loadingBarApiInjectionKey } from 'naive-ui/es/loading-bar/src/context';
import type { MessageApiInjection } from 'naive-ui/es/message/src/MessageProvider';
import type { DialogApiInjection } from 'naive-ui/es/dialog/src/DialogProvider';
import type { LoadingBarInst } from 'naive-ui/es/loading-bar/src/LoadingBarProvider';

/** The real providers' APIs, as FeedbackProviders.vue hands them over. */
export interface FeedbackApis {
  message: MessageApiInjection;
  dialog: DialogApiInjection;
  loadingBar: LoadingBarInst;
}

export interface DeferredFeedback {
  /** What the root provides until (and after) the real providers are there. */
  apis: FeedbackApis;
  /** True once the real providers should mount: the first idle moment or the first message. */
  wanted: Readonly<Ref<boolean>>;
  /** Asks for the real providers (the page was idle once). */
  want: () => void;
  /** Called by the real providers once mounted: everything from then on goes to them. */
  connect: (real: FeedbackApis) => void;
}

const MESSAGE_METHODS = ['create', 'info', 'success', 'warning', 'error', 'loading', 'destroyAll'] as const;
const DIALOG_METHODS = ['create', 'success', 'warning', 'error', 'info', 'destroyAll'] as const;

export function createDeferredFeedback(): DeferredFeedback {
  const wanted = ref(false);
  let real: FeedbackApis | null = null;
  /** Messages and dialogs asked for before the providers were there, in order. */
  const queued: ((apis: FeedbackApis) => void)[] = [];
  /** A navigation's bar was started and not yet finished while the providers were not there. */
  let barRunning = false;

  /**
   * A stand-in method: the real one once connected, else queued (and the providers asked for).
   * Before they arrive it returns nothing: naive-ui's handle (to update or close a message or dialog
   * later) exists only once it is shown, and the console never keeps one.
   */
  function forward(api: 'message' | 'dialog', method: string): (...args: unknown[]) => unknown {
    return (...args) => {
      const call = (apis: FeedbackApis): unknown => (apis[api] as unknown as Record<string, (...a: unknown[]) => unknown>)[method]!(...args);
      if (real) return call(real);
      queued.push(call);
      wanted.value = true;
      return undefined;
    };
  }

  const loadingBar: LoadingBarInst = {
    start: () => (real ? real.loadingBar.start() : void (barRunning = true)),
    finish: () => (real ? real.loadingBar.finish() : void (barRunning = false)),
    error: () => (real ? real.loadingBar.error() : void (barRunning = false)),
  };

  return {
    apis: {
      message: Object.fromEntries(MESSAGE_METHODS.map((m) => [m, forward('message', m)])) as unknown as MessageApiInjection,
      dialog: Object.fromEntries(DIALOG_METHODS.map((m) => [m, forward('dialog', m)])) as unknown as DialogApiInjection,
      loadingBar,
    },
    wanted,
    want: () => void (wanted.value = true),
    connect(apis) {
      real = apis;
      for (const call of queued.splice(0)) call(apis);
      if (barRunning) apis.loadingBar.start();
      barRunning = false;
    },
  };
}

/** Provides the stand-ins under naive-ui's own keys, for every component below the caller. */
export function provideDeferredFeedback(feedback: DeferredFeedback): void {
  provide(messageApiInjectionKey, feedback.apis.message);
  provide(dialogApiInjectionKey, feedback.apis.dialog);
  provide(loadingBarApiInjectionKey, feedback.apis.loadingBar);
}
