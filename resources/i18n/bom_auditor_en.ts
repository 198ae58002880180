<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>BatchDialog</name>
    <message numerus="yes">
        <source>Cancelled: {done} of %n file(s) screened and annotated; no summary written.</source>
        <translation>
            <numerusform>Cancelled: {done} of %n file screened and annotated; no summary written.</numerusform>
            <numerusform>Cancelled: {done} of %n files screened and annotated; no summary written.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{done} of %n file(s) screened and annotated</source>
        <translation>
            <numerusform>{done} of %n file screened and annotated</numerusform>
            <numerusform>{done} of %n files screened and annotated</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ClearReasonDialog</name>
    <message numerus="yes">
        <source>You are clearing %n confident hit(s) on &lt;b&gt;{entity}&lt;/b&gt; as a false positive. The reason is recorded with your name and the time, and shown in the copy and the report.</source>
        <translation>
            <numerusform>You are clearing %n confident hit on &lt;b&gt;{entity}&lt;/b&gt; as a false positive. The reason is recorded with your name and the time, and shown in the copy and the report.</numerusform>
            <numerusform>You are clearing %n confident hits on &lt;b&gt;{entity}&lt;/b&gt; as a false positive. The reason is recorded with your name and the time, and shown in the copy and the report.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportController</name>
    <message numerus="yes">
        <source>Export %n annotated workbook(s) to folder</source>
        <translation>
            <numerusform>Export %n annotated workbook to folder</numerusform>
            <numerusform>Export %n annotated workbooks to folder</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of these files already exist(s) and will be replaced:</source>
        <translation>
            <numerusform>%n of these files already exist and will be replaced:</numerusform>
            <numerusform>%n of these files already exists and will be replaced:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exporting %n file(s)…</source>
        <translation>
            <numerusform>Exporting %n file…</numerusform>
            <numerusform>Exporting %n files…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n annotated workbook(s)</source>
        <translation>
            <numerusform>Exported %n annotated workbook</numerusform>
            <numerusform>Exported %n annotated workbooks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> Marked DRAFT: %n hit(s) still pending review.</source>
        <translation>
            <numerusform> Marked DRAFT: %n hit still pending review.</numerusform>
            <numerusform> Marked DRAFT: %n hits still pending review.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> It is marked DRAFT: %n hit(s) still pending review.</source>
        <translation>
            <numerusform> It is marked DRAFT: %n hit still pending review.</numerusform>
            <numerusform> It is marked DRAFT: %n hits still pending review.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FilesListModel</name>
    <message numerus="yes">
        <source>%n hit(s)</source>
        <translation>
            <numerusform>%n hit</numerusform>
            <numerusform>%n hits</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) not screened</source>
        <translation>
            <numerusform>%n row not screened</numerusform>
            <numerusform>%n rows not screened</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n formula cell(s) without value</source>
        <translation>
            <numerusform>%n formula cell without value</numerusform>
            <numerusform>%n formula cells without value</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FindingsView</name>
    <message numerus="yes">
        <source>{shown} of %n finding(s) shown</source>
        <translation>
            <numerusform>{shown} of %n finding shown</numerusform>
            <numerusform>{shown} of %n findings shown</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GroupsView</name>
    <message numerus="yes">
        <source>{shown} of %n distinct value(s) shown</source>
        <translation>
            <numerusform>{shown} of %n distinct value shown</numerusform>
            <numerusform>{shown} of %n distinct values shown</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewController</name>
    <message numerus="yes">
        <source>%n file(s)</source>
        <extracomment>Set while decisions are redrawn just before the selection moves on (its detail is drawn then).</extracomment>
        <translation>
            <numerusform>%n file</numerusform>
            <numerusform>%n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n finding(s)</source>
        <translation>
            <numerusform>%n finding</numerusform>
            <numerusform>%n findings</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n finding(s) selected; a decision applies to all of them.</source>
        <translation>
            <numerusform>%n finding selected; a decision applies to all of them.</numerusform>
            <numerusform>%n findings selected; a decision applies to all of them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This value appears in %n row(s); a decision here covers all of them.</source>
        <translation>
            <numerusform>This value appears in %n row; a decision here covers all of them.</numerusform>
            <numerusform>This value appears in %n rows; a decision here covers all of them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Accepted %n suggestion(s) as {reviewer}&apos;s decision(s) for this BOM.</source>
        <translation>
            <numerusform>Accepted %n suggestion as {reviewer}&apos;s decision for this BOM.</numerusform>
            <numerusform>Accepted %n suggestions as {reviewer}&apos;s decisions for this BOM.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Rationale for these %n finding(s):</source>
        <translation>
            <numerusform>Rationale for these %n finding:</numerusform>
            <numerusform>Rationale for these %n findings:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Undid the decision on %n finding(s) (the history keeps both).</source>
        <translation>
            <numerusform>Undid the decision on %n finding (the history keeps both).</numerusform>
            <numerusform>Undid the decision on %n findings (the history keeps both).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Redid the decision on %n finding(s) (the history keeps both).</source>
        <translation>
            <numerusform>Redid the decision on %n finding (the history keeps both).</numerusform>
            <numerusform>Redid the decision on %n findings (the history keeps both).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message numerus="yes">
        <source>Your last session had %n file(s)</source>
        <translation>
            <numerusform>Your last session had %n file</numerusform>
            <numerusform>Your last session had %n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> and %n decision(s). Resume it?</source>
        <translation>
            <numerusform> and %n decision. Resume it?</numerusform>
            <numerusform> and %n decisions. Resume it?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{what}: %n decision(s)</source>
        <translation>
            <numerusform>{what}: %n decision</numerusform>
            <numerusform>{what}: %n decisions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> for %n file(s).</source>
        <translation>
            <numerusform> for %n file.</numerusform>
            <numerusform> for %n files.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message numerus="yes">
        <source>%n remembered decision(s)</source>
        <translation>
            <numerusform>%n remembered decision</numerusform>
            <numerusform>%n remembered decisions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SheetController</name>
    <message numerus="yes">
        <source> · %n row(s) screened</source>
        <translation>
            <numerusform> · %n row screened</numerusform>
            <numerusform> · %n rows screened</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TypedDecisionsController</name>
    <message numerus="yes">
        <source>Recorded %n typed decision(s) from {copy} on {name} by {reviewer}. Export to write a new sealed copy.</source>
        <translation>
            <numerusform>Recorded %n typed decision from {copy} on {name} by {reviewer}. Export to write a new sealed copy.</numerusform>
            <numerusform>Recorded %n typed decisions from {copy} on {name} by {reviewer}. Export to write a new sealed copy.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TypedEditsDialog</name>
    <message numerus="yes">
        <source>&lt;b&gt;{file}&lt;/b&gt; (sealed by {signer}) has %n decision(s) typed into its Findings sheet since it was exported. Nothing typed counts until you accept it: the ticked ones are recorded on &lt;b&gt;{bom}&lt;/b&gt; under your name (&lt;b&gt;{reviewer}&lt;/b&gt;), with a note in their history; export afterwards to write a new sealed copy.</source>
        <translation>
            <numerusform>&lt;b&gt;{file}&lt;/b&gt; (sealed by {signer}) has %n decision typed into its Findings sheet since it was exported. Nothing typed counts until you accept it: the ticked ones are recorded on &lt;b&gt;{bom}&lt;/b&gt; under your name (&lt;b&gt;{reviewer}&lt;/b&gt;), with a note in their history; export afterwards to write a new sealed copy.</numerusform>
            <numerusform>&lt;b&gt;{file}&lt;/b&gt; (sealed by {signer}) has %n decisions typed into its Findings sheet since it was exported. Nothing typed counts until you accept it: the ticked ones are recorded on &lt;b&gt;{bom}&lt;/b&gt; under your name (&lt;b&gt;{reviewer}&lt;/b&gt;), with a note in their history; export afterwards to write a new sealed copy.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UpdateListsDialog</name>
    <message numerus="yes">
        <source>%n list(s) updated</source>
        <translation>
            <numerusform>%n list updated</numerusform>
            <numerusform>%n lists updated</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n could not be updated and keep their edition</source>
        <translation>
            <numerusform>; %n could not be updated and keeps its edition</numerusform>
            <numerusform>; %n could not be updated and keep their edition</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n remembered decision(s) withdrawn</source>
        <translation>
            <numerusform>; %n remembered decision withdrawn</numerusform>
            <numerusform>; %n remembered decisions withdrawn</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WatchlistsDialog</name>
    <message numerus="yes">
        <source>Imported &apos;{name}&apos; (%n entries, {names} names).</source>
        <translation>
            <numerusform>Imported &apos;{name}&apos; (%n entry, {names} names).</numerusform>
            <numerusform>Imported &apos;{name}&apos; (%n entries, {names} names).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>_DiffWords</name>
    <message numerus="yes">
        <source>%n new hit(s)</source>
        <translation>
            <numerusform>%n new hit</numerusform>
            <numerusform>%n new hits</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n decision(s) carried over</source>
        <translation>
            <numerusform>%n decision carried over</numerusform>
            <numerusform>%n decisions carried over</numerusform>
        </translation>
    </message>
</context>
</TS>
