type Props = { units: number; of: number; label: string };

/** "7 of 12" with a bar: how far the customer's card is toward the next reward. */
export function ProgressMeter({ units, of, label }: Props) {
  const shown = Math.max(0, Math.min(units, of));
  return (
    <span className="customers-progress">
      <meter min={0} max={of} value={shown} aria-label={label} />
      <span>
        {units} of {of}
      </span>
    </span>
  );
}
