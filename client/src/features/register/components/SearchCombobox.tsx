import type { KeyboardEvent, ReactNode, RefObject } from 'react';

/**
 * A search field with its results as you type (combobox + listbox), as the product search and the customer
 * search show it: the highlighted result follows ↑ / ↓ (the caller's `onKeyDown`), a click or Enter picks.
 */
export function SearchCombobox<Item extends { id: string }>({
  inputId,
  idPrefix,
  label,
  listLabel,
  inputRef,
  query,
  onQueryChange,
  onKeyDown,
  items,
  active,
  onActiveChange,
  onPick,
  renderItem,
}: {
  inputId: string;
  /** Makes the ids of the list (`<idPrefix>-results`) and of each option (`<idPrefix>-<item id>`). */
  idPrefix: string;
  label: string;
  listLabel: string;
  inputRef: RefObject<HTMLInputElement | null>;
  query: string;
  onQueryChange: (query: string) => void;
  onKeyDown: (event: KeyboardEvent<HTMLInputElement>) => void;
  items: readonly Item[];
  active: number;
  onActiveChange: (index: number) => void;
  onPick: (item: Item) => void;
  renderItem: (item: Item) => ReactNode;
}) {
  const listId = `${idPrefix}-results`;
  const optionId = (item: Item) => `${idPrefix}-${item.id}`;
  const activeItem = items[active];
  return (
    <>
      <label htmlFor={inputId} className="register-search-label">
        {label}
      </label>
      <input
        id={inputId}
        ref={inputRef}
        className="register-scan-input"
        value={query}
        autoComplete="off"
        spellCheck={false}
        role="combobox"
        aria-expanded={items.length > 0}
        aria-controls={listId}
        aria-activedescendant={activeItem ? optionId(activeItem) : undefined}
        onChange={(event) => onQueryChange(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <div id={listId} className="register-search-results" role="listbox" aria-label={listLabel}>
        {items.map((item, index) => (
          <div
            key={item.id}
            id={optionId(item)}
            role="option"
            tabIndex={-1}
            aria-selected={index === active}
            className={index === active ? 'is-selected' : undefined}
            onMouseEnter={() => onActiveChange(index)}
            onClick={() => onPick(item)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                onPick(item);
              }
            }}
          >
            {renderItem(item)}
          </div>
        ))}
      </div>
    </>
  );
}
