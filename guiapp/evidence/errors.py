"""The one error an export raises, shared by every module that plans or writes the annotated copy.

Planning (guiapp.evidence.plan), the writers (guiapp.evidence.writers) and the temporary output
(guiapp.evidence.atomic_output) all raise it with a one-line message naming the file and what to do;
guiapp.evidence.export re-exports it as part of its public interface.
"""

from __future__ import annotations


class ExportError(Exception):
    """The export could not be written. The message is one line naming the file and what to do."""


class PatchUnsupported(Exception):
    """The workbook has a shape the XML patcher does not patch; write it with another backend."""
