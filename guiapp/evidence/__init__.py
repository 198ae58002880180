"""Evidence: the annotated copy of the workbook, the audit report and the batch summary."""
