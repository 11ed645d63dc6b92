// Shows an action's outcome as an App Bridge toast, once per answer. Answers that only carry
// inline field errors get no toast: the fields say what to fix.
import { useAppBridge } from "@shopify/app-bridge-react";
import { useEffect, useRef } from "react";
import type { ActionResult } from "./form-input";

export function useResultToast(result: ActionResult | undefined, onResult?: (result: ActionResult) => void): void {
  const shopify = useAppBridge();
  const handled = useRef<ActionResult | undefined>(undefined);
  const callback = useRef(onResult);
  callback.current = onResult;
  useEffect(() => {
    if (!result || handled.current === result) return;
    handled.current = result;
    const onlyFieldErrors = !result.ok && result.fieldErrors && Object.keys(result.fieldErrors).length > 0;
    if (!onlyFieldErrors) shopify.toast.show(result.message, { isError: !result.ok, duration: result.ok ? 5000 : 8000 });
    callback.current?.(result);
  }, [result, shopify]);
}
