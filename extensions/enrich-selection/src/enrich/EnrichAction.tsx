// The enrichment action, shared by the product list's bulk action and the product page's action:
// choose what to write → see the estimated cost (the job reads the products and estimates them
// before any provider call) → start the job in review mode → open the job in the app.
// Nothing is written to the store from here: results wait for review on the job page.
import type { I18n } from "@shopify/ui-extensions/admin";
import { useEffect, useRef, useState } from "preact/hooks";
import { appLink, backend, BackendError, waitForEstimate, type EnrichmentOptions, type ExtensionTrigger, type JobSummary } from "./backend";
import { formatCost, formatCount } from "./format";

/** The part of the action extension API this component uses (the same on both targets). */
export interface ActionApi {
  data: { selected: { id: string }[] };
  close: () => void;
  i18n: I18n;
}

type Step =
  | { kind: "loading" }
  | { kind: "choose" }
  | { kind: "estimating"; jobId: string | null }
  | { kind: "estimated"; job: JobSummary }
  | { kind: "starting"; job: JobSummary }
  | { kind: "started"; job: JobSummary };

const messageOf = (error: unknown) => (error instanceof BackendError || error instanceof Error ? error.message : String(error));

export function EnrichAction({ api, trigger }: { api: ActionApi; trigger: ExtensionTrigger }) {
  const { i18n, close } = api;
  const t = i18n.translate;
  const productIds = [...new Set(api.data.selected.map((s) => s.id))];
  const [options, setOptions] = useState<EnrichmentOptions | null>(null);
  const [tasks, setTasks] = useState<Set<string>>(new Set());
  const [step, setStep] = useState<Step>({ kind: "loading" });
  const [error, setError] = useState<string | null>(null);
  // The estimate's job until it is started: cancelled when the merchant goes back or cancels.
  const draft = useRef<string | null>(null);
  const polling = useRef<AbortController | null>(null);

  useEffect(() => {
    backend
      .options()
      .then((loaded) => {
        setOptions(loaded);
        setTasks(new Set(loaded.defaultTasks.filter((id) => loaded.tasks.some((task) => task.id === id && task.available))));
        setStep({ kind: "choose" });
      })
      .catch((e) => {
        setError(messageOf(e));
        setStep({ kind: "choose" });
      });
    return () => polling.current?.abort();
  }, []);

  const discardDraft = async () => {
    polling.current?.abort();
    const id = draft.current;
    draft.current = null;
    if (id) await backend.cancel(id).catch(() => undefined); // already gone or finished: nothing to discard
  };

  const estimate = async () => {
    setError(null);
    setStep({ kind: "estimating", jobId: null });
    const controller = new AbortController();
    polling.current = controller;
    try {
      const created = await backend.createJob({ trigger, productIds, tasks: [...tasks], start: false });
      draft.current = created.id;
      setStep({ kind: "estimating", jobId: created.id });
      const job = await waitForEstimate(created.id, controller.signal);
      if (!job) return; // the merchant went back meanwhile
      if (job.status === "failed" || job.status === "cancelled" || !job.estimate) {
        draft.current = null;
        setError(job.error ?? t("errors.noEstimate"));
        setStep({ kind: "choose" });
        return;
      }
      setStep({ kind: "estimated", job });
    } catch (e) {
      setError(messageOf(e));
      setStep({ kind: "choose" });
    }
  };

  const start = async (job: JobSummary) => {
    setError(null);
    setStep({ kind: "starting", job });
    try {
      const started = await backend.start(job.id);
      draft.current = null;
      setStep({ kind: "started", job: started });
    } catch (e) {
      setError(messageOf(e));
      setStep({ kind: "estimated", job });
    }
  };

  const back = async () => {
    await discardDraft();
    setError(null);
    setStep({ kind: "choose" });
  };

  const cancel = async () => {
    await discardDraft();
    close();
  };

  const toggle = (id: string, checked: boolean) => {
    const next = new Set(tasks);
    if (checked) next.add(id);
    else next.delete(id);
    setTasks(next);
  };

  const tooMany = options !== null && productIds.length > options.maxProducts;
  const canEstimate = options?.ready === true && tasks.size > 0 && productIds.length > 0 && !tooMany;

  const primary = (() => {
    switch (step.kind) {
      case "loading":
      case "choose":
        return (
          <s-button slot="primary-action" variant="primary" disabled={!canEstimate} onClick={() => void estimate()}>
            {t("actions.estimate")}
          </s-button>
        );
      case "estimating":
        return (
          <s-button slot="primary-action" variant="primary" loading disabled>
            {t("actions.estimate")}
          </s-button>
        );
      case "estimated":
      case "starting":
        return (
          <s-button
            slot="primary-action"
            variant="primary"
            loading={step.kind === "starting"}
            disabled={step.kind === "starting" || !step.job.estimate?.budget.ok || !step.job.estimate.itemCount}
            onClick={() => void start(step.job)}
          >
            {t("actions.start")}
          </s-button>
        );
      case "started":
        return (
          <s-button slot="primary-action" variant="primary" href={appLink(step.job.path)}>
            {t("actions.openJob")}
          </s-button>
        );
    }
  })();

  const secondary =
    step.kind === "started" ? (
      <s-button slot="secondary-actions" onClick={close}>
        {t("actions.close")}
      </s-button>
    ) : step.kind === "estimated" ? (
      <>
        <s-button slot="secondary-actions" onClick={() => void back()}>
          {t("actions.changeTasks")}
        </s-button>
        <s-button slot="secondary-actions" onClick={() => void cancel()}>
          {t("actions.cancel")}
        </s-button>
      </>
    ) : (
      <s-button slot="secondary-actions" onClick={() => void cancel()}>
        {t("actions.cancel")}
      </s-button>
    );

  return (
    <s-admin-action heading={t("heading")} loading={step.kind === "loading"}>
      {primary}
      {secondary}
      <s-stack direction="block" gap="base">
        <s-text type="strong">{t("selected", { count: productIds.length })}</s-text>
        {error && (
          <s-banner tone="critical" heading={t("errors.heading")}>
            <s-paragraph>{error}</s-paragraph>
          </s-banner>
        )}
        {tooMany && options && (
          <s-banner tone="warning">
            <s-paragraph>{t("errors.tooMany", { max: formatCount(i18n, options.maxProducts) })}</s-paragraph>
          </s-banner>
        )}
        {options && !options.ready && (
          <s-banner tone="warning" heading={t("setup.heading")}>
            <s-paragraph>{options.message ?? t("setup.message")}</s-paragraph>
            <s-button slot="secondary-actions" href={appLink("/app/providers")}>
              {t("setup.openProviders")}
            </s-button>
          </s-banner>
        )}
        {(step.kind === "choose" || step.kind === "loading") && options && <TaskChoice options={options} tasks={tasks} i18n={i18n} onToggle={toggle} />}
        {step.kind === "estimating" && (
          <s-stack direction="inline" gap="small" alignItems="center">
            <s-spinner accessibilityLabel={t("estimating")} />
            <s-text>{t("estimating")}</s-text>
          </s-stack>
        )}
        {(step.kind === "estimated" || step.kind === "starting") && <EstimateView job={step.job} i18n={i18n} />}
        {step.kind === "started" && (
          <s-banner tone="success" heading={t("started.heading")}>
            <s-paragraph>{t("started.message")}</s-paragraph>
          </s-banner>
        )}
      </s-stack>
    </s-admin-action>
  );
}

function TaskChoice({ options, tasks, i18n, onToggle }: { options: EnrichmentOptions; tasks: Set<string>; i18n: I18n; onToggle: (id: string, checked: boolean) => void }) {
  const t = i18n.translate;
  return (
    <s-stack direction="block" gap="small">
      {options.provider && <s-text color="subdued">{t("provider", { model: options.provider.model, provider: options.provider.name })}</s-text>}
      <s-heading>{t("tasks.heading")}</s-heading>
      {options.tasks.map((task) => (
        <s-checkbox
          key={task.id}
          label={t(`tasks.${task.id}.label`)}
          details={task.available ? t(`tasks.${task.id}.details`) : (task.reason ?? t(`tasks.${task.id}.details`))}
          checked={tasks.has(task.id)}
          disabled={!task.available || !options.ready}
          onChange={(event) => onToggle(task.id, event.currentTarget.checked)}
        />
      ))}
    </s-stack>
  );
}

function EstimateView({ job, i18n }: { job: JobSummary; i18n: I18n }) {
  const t = i18n.translate;
  const estimate = job.estimate;
  if (!estimate || estimate.itemCount === 0) {
    return (
      <s-banner tone="warning">
        <s-paragraph>{t("estimate.nothing")}</s-paragraph>
      </s-banner>
    );
  }
  return (
    <s-stack direction="block" gap="small">
      <s-heading>
        {estimate.cost === null ? t("estimate.unpricedHeading") : t("estimate.cost", { cost: formatCost(i18n, estimate.cost, estimate.currency) })}
      </s-heading>
      <s-paragraph>
        {t("estimate.detail", {
          count: estimate.itemCount,
          input: formatCount(i18n, estimate.inputTokens),
          output: formatCount(i18n, estimate.outputTokens),
          model: estimate.model,
          provider: estimate.provider,
        })}
      </s-paragraph>
      {estimate.cost === null && <s-paragraph>{t("estimate.unpriced", { model: estimate.model })}</s-paragraph>}
      {!estimate.budget.ok && (
        <s-banner tone="critical" heading={t("estimate.budgetHeading")}>
          <s-paragraph>{estimate.budget.message ?? ""}</s-paragraph>
        </s-banner>
      )}
      <s-paragraph color="subdued">{t("estimate.review")}</s-paragraph>
    </s-stack>
  );
}
