// TousuBatch: files ↔ records (being written).
