// The date filter: preset ranges, or any range of days picked on a calendar. Changing it
// changes the URL, so the loader reads the new range and the page can be bookmarked.
import { useSearchParams } from "@remix-run/react";
import { Button, DatePicker, InlineStack, Popover, Select, Text, BlockStack, Box } from "@shopify/polaris";
import { useState } from "react";
import { formatDate } from "../format";
import { RANGE_PRESETS, rangeSearch, type RangePreset } from "./usage-range";

interface Props {
  preset: RangePreset;
  fromDay: string;
  toDay: string;
}

// The calendar works in local dates; the ledger's days are UTC days named YYYY-MM-DD.
const localDate = (day: string) => {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y, m - 1, d);
};
const dayOf = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;

export function UsageRangePicker({ preset, fromDay, toDay }: Props) {
  const [, setSearchParams] = useSearchParams();
  const [calendarOpen, setCalendarOpen] = useState(false);
  const [selected, setSelected] = useState({ start: localDate(fromDay), end: localDate(toDay) });
  const [month, setMonth] = useState({ month: localDate(toDay).getMonth(), year: localDate(toDay).getFullYear() });

  const choosePreset = (value: string) => {
    if (value === "custom") {
      setCalendarOpen(true);
      return;
    }
    setSearchParams(rangeSearch({ preset: value as RangePreset, fromDay, toDay }));
  };

  const applyCustom = () => {
    setCalendarOpen(false);
    setSearchParams(rangeSearch({ preset: "custom", fromDay: dayOf(selected.start), toDay: dayOf(selected.end) }));
  };

  return (
    <InlineStack gap="300" blockAlign="end" wrap>
      <div style={{ minWidth: 200 }}>
        <Select
          label="Date range"
          options={RANGE_PRESETS.map((p) => ({ label: p.label, value: p.value }))}
          value={preset}
          onChange={choosePreset}
        />
      </div>
      <Popover
        active={calendarOpen}
        onClose={() => setCalendarOpen(false)}
        preferredAlignment="left"
        activator={
          <Button disclosure onClick={() => setCalendarOpen((o) => !o)} accessibilityLabel="Choose dates on a calendar">
            {`${formatDate(`${fromDay}T00:00:00Z`)} – ${formatDate(`${toDay}T00:00:00Z`)}`}
          </Button>
        }
      >
        <Box padding="400" maxWidth="600px">
          <BlockStack gap="300">
            <DatePicker
              month={month.month}
              year={month.year}
              onMonthChange={(m, y) => setMonth({ month: m, year: y })}
              selected={selected}
              onChange={setSelected}
              allowRange
              multiMonth
              disableDatesAfter={new Date()}
            />
            <InlineStack align="space-between" blockAlign="center">
              <Text as="span" tone="subdued" variant="bodySm">
                Days are UTC days.
              </Text>
              <InlineStack gap="200">
                <Button onClick={() => setCalendarOpen(false)}>Cancel</Button>
                <Button variant="primary" onClick={applyCustom}>
                  Apply
                </Button>
              </InlineStack>
            </InlineStack>
          </BlockStack>
        </Box>
      </Popover>
    </InlineStack>
  );
}
