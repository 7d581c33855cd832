-- The weekdays a center is closed (ISO: 1 = Monday … 7 = Sunday), marked on the availability grid.
-- Owned by org.kakehashi.directory (CenterStore).
ALTER TABLE center ADD COLUMN closed_weekdays int[] NOT NULL DEFAULT '{}'
  CHECK (closed_weekdays <@ ARRAY[1, 2, 3, 4, 5, 6, 7]);
