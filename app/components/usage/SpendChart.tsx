// Spend by day as a bar chart: plain SVG in Polaris colours. Screen readers get a summary
// (title and description) and the numbers as a table; each bar names its day and amount.
import { Text } from "@shopify/polaris";
import { useId } from "react";
import { formatDay, formatMoney } from "../format";

export interface SpendChartDay {
  day: string;
  amount: number;
  calls: number;
}

interface Props {
  days: SpendChartDay[];
  currency: string;
}

// Polaris' visually-hidden rule, for a table (Text renders inline elements only).
const VISUALLY_HIDDEN = {
  position: "absolute",
  width: 1,
  height: 1,
  margin: -1,
  padding: 0,
  overflow: "hidden",
  clip: "rect(0 0 0 0)",
  border: 0,
} as const;

const WIDTH = 720;
const HEIGHT = 240;
const PAD = { top: 16, right: 8, bottom: 28, left: 64 };

/** A round upper bound for the axis: 1, 2 or 5 × a power of ten. */
function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

export function SpendChart({ days, currency }: Props) {
  const id = useId();
  const max = niceCeiling(Math.max(...days.map((d) => d.amount), 0));
  const total = days.reduce((sum, d) => sum + d.amount, 0);
  const busiest = days.reduce<SpendChartDay | null>((best, d) => (d.amount > (best?.amount ?? 0) ? d : best), null);
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / Math.max(days.length, 1);
  const barWidth = Math.max(2, Math.min(32, slot * 0.7));
  const labelEvery = Math.max(1, Math.ceil(days.length / 8));
  const y = (amount: number) => PAD.top + plotHeight - (amount / max) * plotHeight;
  const first = days[0]?.day;
  const last = days[days.length - 1]?.day;
  const title =
    first && last ? `Spend by day in ${currency}, ${formatDay(first)} to ${formatDay(last)}` : `Spend by day in ${currency}`;
  const description =
    `Total ${formatMoney(total, currency)} over ${days.length} day${days.length === 1 ? "" : "s"}.` +
    (busiest ? ` Highest: ${formatDay(busiest.day)} with ${formatMoney(busiest.amount, currency)}.` : " No spend.");

  return (
    <figure style={{ margin: 0 }}>
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        style={{ display: "block", maxHeight: 280 }}
        data-testid="spend-chart"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line
              x1={PAD.left}
              x2={WIDTH - PAD.right}
              y1={y(max * f)}
              y2={y(max * f)}
              stroke="var(--p-color-border-secondary, #ebebeb)"
              strokeWidth={1}
            />
            <text
              x={PAD.left - 8}
              y={y(max * f) + 4}
              textAnchor="end"
              fontSize={12}
              fill="var(--p-color-text-secondary, #616161)"
            >
              {formatMoney(max * f, currency)}
            </text>
          </g>
        ))}
        {days.map((d, i) => {
          const x = PAD.left + i * slot + (slot - barWidth) / 2;
          const top = y(d.amount);
          return (
            <g key={d.day}>
              <rect
                x={x}
                y={top}
                width={barWidth}
                height={Math.max(0, PAD.top + plotHeight - top)}
                rx={Math.min(3, barWidth / 4)}
                fill="var(--p-color-bg-fill-info, #51c0ff)"
              >
                <title>{`${formatDay(d.day)}: ${formatMoney(d.amount, currency)} (${d.calls} call${
                  d.calls === 1 ? "" : "s"
                })`}</title>
              </rect>
              {i % labelEvery === 0 ? (
                <text
                  x={x + barWidth / 2}
                  y={HEIGHT - 8}
                  textAnchor="middle"
                  fontSize={12}
                  fill="var(--p-color-text-secondary, #616161)"
                >
                  {formatDay(d.day)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <Text as="span" visuallyHidden>
          {description}
        </Text>
      </figcaption>
      <div style={VISUALLY_HIDDEN}>
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Spend</th>
              <th scope="col">Calls</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}>
                <th scope="row">{formatDay(d.day)}</th>
                <td>{formatMoney(d.amount, currency)}</td>
                <td>{d.calls}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
