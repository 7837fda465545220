import { Component, type ErrorInfo, type ReactNode } from 'react';
import { StatusScreen } from './StatusScreen';

export interface CrashGuardProps {
  /** Called again for each mount of the app: once at first, and once more after every *Rejoin*. */
  children: () => ReactNode;
  /**
   * Called once per render crash, as the crash screen shows: must end the call and stop every local track,
   * since a crashed page must never leave camera and microphone streaming to the others. Returns what failed.
   */
  onCrash: (error: unknown) => unknown[];
}

/**
 * The app's error boundary. A component that throws while rendering unmounts the whole app below it; this
 * ends the call first (through `onCrash`) and shows a plain screen whose *Rejoin* mounts the app afresh.
 */
export class CrashGuard extends Component<CrashGuardProps, { crashed: boolean }> {
  override state = { crashed: false };

  static getDerivedStateFromError(): { crashed: boolean } {
    return { crashed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    const failures = this.props.onCrash(error);
    console.error('The app crashed while rendering; the call was left.', error, info.componentStack);
    for (const failure of failures) console.error('Ending the call after the crash failed in part.', failure);
  }

  override render() {
    if (this.state.crashed) return <StatusScreen kind="crashed" onRetry={() => this.setState({ crashed: false })} />;
    return this.props.children();
  }
}
