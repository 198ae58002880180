<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>AboutDialog</name>
    <message>
        <source>Screens bills of materials against export-control watchlists.</source>
        <translation>Prüft Stücklisten gegen Beobachtungslisten der Exportkontrolle.</translation>
    </message>
    <message>
        <source>Watchlists</source>
        <translation>Beobachtungslisten</translation>
    </message>
    <message>
        <source>{name}: version {version}, dated {date}, {entities} entries, SHA-256 {sha}…</source>
        <translation>{name}: Version {version} vom {date}, {entities} Einträge, SHA-256 {sha}…</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>werden geladen…</translation>
    </message>
    <message>
        <source>could not be loaded; see the log.</source>
        <translation>konnten nicht geladen werden; siehe Protokoll.</translation>
    </message>
    <message>
        <source>Data: {data}&lt;br&gt;Logs: {logs}</source>
        <translation>Daten: {data}&lt;br&gt;Protokolle: {logs}</translation>
    </message>
    <message>
        <source>Licence: {licence}; Qt and PySide6 under the LGPL-3.0 (Licences… shows every licence and the third-party notices).</source>
        <translation>Lizenz: {licence}; Qt und PySide6 unter der LGPL-3.0 (Lizenzen… zeigt jede Lizenz und die Hinweise zu Drittsoftware).</translation>
    </message>
    <message>
        <source>This standalone build runs on Linux with glibc {glibc} or newer.</source>
        <translation>Diese eigenständige Fassung läuft unter Linux mit glibc {glibc} oder neuer.</translation>
    </message>
    <message>
        <source>About BOM Auditor</source>
        <translation>Über BOM Auditor</translation>
    </message>
    <message>
        <source>&amp;Licences…</source>
        <translation>&amp;Lizenzen…</translation>
    </message>
</context>
<context>
    <name>Accessible</name>
    <message>
        <source>Open files</source>
        <extracomment>object name -&gt; (accessible name, description), for the window&apos;s controls and the dialogs&apos;</extracomment>
        <translation>Geöffnete Dateien</translation>
    </message>
    <message>
        <source>The files under review with their screening status; select one to work on it</source>
        <translation>Die Dateien in Prüfung mit ihrem Prüfstatus; eine auswählen, um daran zu arbeiten</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>Ansichten</translation>
    </message>
    <message>
        <source>Findings, findings by value, or the whole sheet with its column mapping</source>
        <translation>Befunde, Befunde nach Wert oder das ganze Blatt mit seiner Spaltenzuordnung</translation>
    </message>
    <message>
        <source>View tabs</source>
        <translation>Ansichtsreiter</translation>
    </message>
    <message>
        <source>Alt+1 findings, Alt+2 by value, Alt+3 whole sheet</source>
        <translation>Alt+1 Befunde, Alt+2 nach Wert, Alt+3 ganzes Blatt</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Befunde</translation>
    </message>
    <message>
        <source>Every hit with its reason and decision. C confirmed, F false positive, E escalated, P pending, A accepts a suggestion, Enter edits the note, Ctrl+Z undoes</source>
        <translation>Jeder Treffer mit Grund und Entscheidung. C bestätigt, F Fehlalarm, E eskaliert, P offen, A nimmt einen Vorschlag an, Eingabe bearbeitet die Notiz, Strg+Z macht rückgängig</translation>
    </message>
    <message>
        <source>Findings by value</source>
        <translation>Befunde nach Wert</translation>
    </message>
    <message>
        <source>Each distinct cell text and list entry; a decision covers all its rows</source>
        <translation>Jeder verschiedene Zelltext mit Listeneintrag; eine Entscheidung gilt für alle seine Zeilen</translation>
    </message>
    <message>
        <source>Whole sheet</source>
        <translation>Ganzes Blatt</translation>
    </message>
    <message>
        <source>The sheet as read; rows with a finding are highlighted</source>
        <translation>Das Blatt wie gelesen; Zeilen mit Befund sind hervorgehoben</translation>
    </message>
    <message>
        <source>Finding detail</source>
        <translation>Befunddetails</translation>
    </message>
    <message>
        <source>Why the selected hit matched, its list entry, decision history and row</source>
        <translation>Warum der ausgewählte Treffer passt, sein Listeneintrag, Entscheidungsverlauf und seine Zeile</translation>
    </message>
    <message>
        <source>Filter findings</source>
        <translation>Befunde filtern</translation>
    </message>
    <message>
        <source>Show the findings whose text, entity, list or reason contain this</source>
        <translation>Die Befunde zeigen, deren Text, Entität, Liste oder Grund dies enthält</translation>
    </message>
    <message>
        <source>File filter</source>
        <translation>Dateifilter</translation>
    </message>
    <message>
        <source>Show the findings of one file</source>
        <translation>Die Befunde einer Datei zeigen</translation>
    </message>
    <message>
        <source>Decision filter</source>
        <translation>Entscheidungsfilter</translation>
    </message>
    <message>
        <source>Show findings with this decision, or the open items</source>
        <translation>Befunde mit dieser Entscheidung zeigen, oder die offenen Punkte</translation>
    </message>
    <message>
        <source>List filter</source>
        <translation>Listenfilter</translation>
    </message>
    <message>
        <source>Show findings on this watchlist</source>
        <translation>Befunde auf dieser Beobachtungsliste zeigen</translation>
    </message>
    <message>
        <source>Method filter</source>
        <translation>Methodenfilter</translation>
    </message>
    <message>
        <source>Show findings matched this way</source>
        <translation>Befunde zeigen, die so gefunden wurden</translation>
    </message>
    <message>
        <source>Minimum score</source>
        <translation>Mindestwert</translation>
    </message>
    <message>
        <source>Show findings scoring at least this much</source>
        <translation>Befunde mit mindestens diesem Wert zeigen</translation>
    </message>
    <message>
        <source>Review-level only</source>
        <translation>Nur Prüfstufe</translation>
    </message>
    <message>
        <source>Show only findings of weak evidence, marked with an amber ?</source>
        <translation>Nur Befunde mit schwachen Belegen zeigen, markiert mit einem gelben ?</translation>
    </message>
    <message>
        <source>Filter values</source>
        <translation>Werte filtern</translation>
    </message>
    <message>
        <source>Show the values whose text or entity contain this</source>
        <translation>Die Werte zeigen, deren Text oder Entität dies enthält</translation>
    </message>
    <message>
        <source>Show values with this decision</source>
        <translation>Werte mit dieser Entscheidung zeigen</translation>
    </message>
    <message>
        <source>Show only values of weak evidence</source>
        <translation>Nur Werte mit schwachen Belegen zeigen</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>The file whose sheet is shown</source>
        <translation>Die Datei, deren Blatt gezeigt wird</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>Blatt</translation>
    </message>
    <message>
        <source>The sheet shown</source>
        <translation>Das gezeigte Blatt</translation>
    </message>
    <message>
        <source>Header row</source>
        <translation>Kopfzeile</translation>
    </message>
    <message>
        <source>The row holding the column titles; changing it re-screens the sheet</source>
        <translation>Die Zeile mit den Spaltentiteln; eine Änderung prüft das Blatt neu</translation>
    </message>
    <message>
        <source>Manufacturer column</source>
        <translation>Herstellerspalte</translation>
    </message>
    <message>
        <source>The column screened as the maker</source>
        <translation>Die als Hersteller geprüfte Spalte</translation>
    </message>
    <message>
        <source>Part number column</source>
        <translation>Teilenummernspalte</translation>
    </message>
    <message>
        <source>The column screened for listed part-number patterns</source>
        <translation>Die auf gelistete Teilenummernmuster geprüfte Spalte</translation>
    </message>
    <message>
        <source>Description column</source>
        <translation>Beschreibungsspalte</translation>
    </message>
    <message>
        <source>The column screened for listed names in descriptions</source>
        <translation>Die auf gelistete Namen in Beschreibungen geprüfte Spalte</translation>
    </message>
    <message>
        <source>Supplier column</source>
        <translation>Lieferantenspalte</translation>
    </message>
    <message>
        <source>The column screened as the supplier</source>
        <translation>Die als Lieferant geprüfte Spalte</translation>
    </message>
    <message>
        <source>Use detected columns</source>
        <translation>Erkannte Spalten verwenden</translation>
    </message>
    <message>
        <source>Forget the corrected columns for this layout and re-screen</source>
        <translation>Die korrigierten Spalten für diesen Aufbau vergessen und neu prüfen</translation>
    </message>
    <message>
        <source>Cancel screening</source>
        <translation>Prüfung abbrechen</translation>
    </message>
    <message>
        <source>Stop screening; files already screened keep their results</source>
        <translation>Prüfung anhalten; bereits geprüfte Dateien behalten ihre Ergebnisse</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>The latest message of the window</source>
        <translation>Die letzte Meldung des Fensters</translation>
    </message>
    <message>
        <source>Try the sample BOM</source>
        <translation>Beispiel-Stückliste ausprobieren</translation>
    </message>
    <message>
        <source>Open the sample bill of materials that ships with the app</source>
        <translation>Die mitgelieferte Beispiel-Stückliste öffnen</translation>
    </message>
    <message>
        <source>Remembered decisions</source>
        <translation>Gemerkte Entscheidungen</translation>
    </message>
    <message>
        <source>Decisions remembered from earlier BOMs, offered as suggestions</source>
        <translation>Aus früheren Stücklisten gemerkte Entscheidungen, als Vorschläge angeboten</translation>
    </message>
    <message>
        <source>Watchlists</source>
        <translation>Beobachtungslisten</translation>
    </message>
    <message>
        <source>The lists screening uses: built-in, imported and private</source>
        <translation>Die Listen der Prüfung: eingebaut, importiert und privat</translation>
    </message>
    <message>
        <source>List entries</source>
        <translation>Listeneinträge</translation>
    </message>
    <message>
        <source>The entries of the selected list</source>
        <translation>Die Einträge der ausgewählten Liste</translation>
    </message>
    <message>
        <source>Files of the batch</source>
        <translation>Dateien des Stapels</translation>
    </message>
    <message>
        <source>Each file of the folder with its status, hits and output</source>
        <translation>Jede Datei des Ordners mit Status, Treffern und Ausgabe</translation>
    </message>
    <message>
        <source>Batch status</source>
        <translation>Stapelstatus</translation>
    </message>
    <message>
        <source>What the batch run did</source>
        <translation>Was der Stapellauf getan hat</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>The window&apos;s language, from the next start</source>
        <translation>Die Sprache des Fensters, ab dem nächsten Start</translation>
    </message>
</context>
<context>
    <name>AuditDiff</name>
    <message>
        <source>New hit</source>
        <extracomment>Short words for the table (export.DIFF_LABELS has the long ones for the report).</extracomment>
        <translation>Neuer Treffer</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <source>Entry changed</source>
        <translation>Eintrag geändert</translation>
    </message>
    <message>
        <source>Carried over</source>
        <translation>Übernommen</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>Unverändert</translation>
    </message>
</context>
<context>
    <name>AuditDiffDialog</name>
    <message>
        <source>Changes since the previous audit: {name}</source>
        <translation>Änderungen seit der vorherigen Prüfung: {name}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt; against &lt;b&gt;{previous}&lt;/b&gt;: {summary}. Carried decisions are marked “remembered” in the findings; new and changed ones are pending. The next export and report include these changes.</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt; gegenüber &lt;b&gt;{previous}&lt;/b&gt;: {summary}. Übernommene Entscheidungen sind in den Befunden als „gemerkt“ markiert; neue und geänderte sind offen. Der nächste Export und Bericht enthalten diese Änderungen.</translation>
    </message>
    <message>
        <source>the previous audit</source>
        <translation>der vorherigen Prüfung</translation>
    </message>
    <message>
        <source>All changes ({n})</source>
        <translation>Alle Änderungen ({n})</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Zeigen</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>BatchDialog</name>
    <message>
        <source>Batch screen a folder</source>
        <extracomment>The batch ended: the BatchOutcome (cancelled ones too).</extracomment>
        <translation>Ordner im Stapel prüfen</translation>
    </message>
    <message>
        <source>Folder with the BOM files (searched with its subfolders)</source>
        <translation>Ordner mit den Stücklisten (samt Unterordnern durchsucht)</translation>
    </message>
    <message>
        <source>Where the annotated copies, summary and report go</source>
        <translation>Wohin die annotierten Kopien, die Übersicht und der Bericht kommen</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Write the report as PDF too (HTML is always written)</source>
        <translation>Den Bericht auch als PDF schreiben (HTML wird immer geschrieben)</translation>
    </message>
    <message>
        <source>BOM folder</source>
        <translation>Stücklistenordner</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>Ausgabeordner</translation>
    </message>
    <message>
        <source>%v of %m files</source>
        <translation>%v von %m Dateien</translation>
    </message>
    <message>
        <source>Choose a folder of BOM files and where the results go.</source>
        <translation>Wählen Sie einen Ordner mit Stücklisten und wohin die Ergebnisse kommen.</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Open output folder</source>
        <translation>Ausgabeordner öffnen</translation>
    </message>
    <message>
        <source>Folder with BOM files</source>
        <translation>Ordner mit Stücklisten</translation>
    </message>
    <message>
        <source>{folder} is not a folder; choose the folder that holds the BOM files.</source>
        <translation>{folder} ist kein Ordner; wählen Sie den Ordner mit den Stücklisten.</translation>
    </message>
    <message>
        <source>Loading the watchlists and looking for BOM files…</source>
        <translation>Beobachtungslisten werden geladen und Stücklisten gesucht…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message numerus="yes">
        <source>Cancelled: {done} of %n file(s) screened and annotated; no summary written.</source>
        <translation>
            <numerusform>Abgebrochen: {done} von %n Datei geprüft und annotiert; keine Übersicht geschrieben.</numerusform>
            <numerusform>Abgebrochen: {done} von %n Dateien geprüft und annotiert; keine Übersicht geschrieben.</numerusform>
        </translation>
    </message>
    <message>
        <source>No BOM files found.</source>
        <translation>Keine Stücklisten gefunden.</translation>
    </message>
    <message numerus="yes">
        <source>{done} of %n file(s) screened and annotated</source>
        <translation>
            <numerusform>{done} von %n Datei geprüft und annotiert</numerusform>
            <numerusform>{done} von %n Dateien geprüft und annotiert</numerusform>
        </translation>
    </message>
    <message>
        <source>, {n} with errors (listed above)</source>
        <translation>, {n} mit Fehlern (oben aufgeführt)</translation>
    </message>
    <message>
        <source>. Wrote </source>
        <translation>. Geschrieben: </translation>
    </message>
    <message>
        <source> Problems: </source>
        <translation> Probleme: </translation>
    </message>
    <message>
        <source> Warnings: </source>
        <translation> Warnungen: </translation>
    </message>
    <message>
        <source>The batch could not run: {reason}</source>
        <translation>Der Stapel konnte nicht laufen: {reason}</translation>
    </message>
</context>
<context>
    <name>BatchFilesModel</name>
    <message>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <source>screening…</source>
        <translation>wird geprüft…</translation>
    </message>
    <message>
        <source>exporting…</source>
        <translation>wird exportiert…</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
</context>
<context>
    <name>ClearReasonDialog</name>
    <message>
        <source>Choose a reason…</source>
        <translation>Grund wählen…</translation>
    </message>
    <message>
        <source>Another company with a similar name</source>
        <translation>Ein anderes Unternehmen mit ähnlichem Namen</translation>
    </message>
    <message>
        <source>Not made by the listed entity (brand, trademark or product name only)</source>
        <translation>Nicht von der gelisteten Entität hergestellt (nur Marke, Warenzeichen oder Produktname)</translation>
    </message>
    <message>
        <source>Distributor or reseller, not the maker</source>
        <translation>Händler oder Wiederverkäufer, nicht der Hersteller</translation>
    </message>
    <message>
        <source>Typing or data error in the BOM</source>
        <translation>Tipp- oder Datenfehler in der Stückliste</translation>
    </message>
    <message>
        <source>Other (explain)</source>
        <translation>Anderer Grund (erläutern)</translation>
    </message>
    <message>
        <source>Reason for clearing</source>
        <translation>Grund für die Entlastung</translation>
    </message>
    <message numerus="yes">
        <source>You are clearing %n confident hit(s) on &lt;b&gt;{entity}&lt;/b&gt; as a false positive. The reason is recorded with your name and the time, and shown in the copy and the report.</source>
        <translation>
            <numerusform>Sie entlasten %n sicheren Treffer zu &lt;b&gt;{entity}&lt;/b&gt; als Fehlalarm. Der Grund wird mit Ihrem Namen und der Zeit festgehalten und in der Kopie und im Bericht gezeigt. Er wird auf Englisch aufgezeichnet.</numerusform>
            <numerusform>Sie entlasten %n sichere Treffer zu &lt;b&gt;{entity}&lt;/b&gt; als Fehlalarm. Der Grund wird mit Ihrem Namen und der Zeit festgehalten und in der Kopie und im Bericht gezeigt. Er wird auf Englisch aufgezeichnet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Einzelheiten</translation>
    </message>
    <message>
        <source>What you checked (required for &apos;Other&apos;)</source>
        <translation>Was Sie geprüft haben (nötig bei „Anderer Grund“)</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>&amp;Grund</translation>
    </message>
    <message>
        <source>&amp;Details</source>
        <translation>&amp;Einzelheiten</translation>
    </message>
    <message>
        <source>Clear as false positive</source>
        <translation>Als Fehlalarm entlasten</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Hits</source>
        <translation>Treffer</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Annotated copy or problem</source>
        <translation>Annotierte Kopie oder Problem</translation>
    </message>
    <message>
        <source>Change</source>
        <extracomment>The fill each kind is shown with (a decision colour of the same meaning).</extracomment>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>Blatt</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Was row</source>
        <translation>Vorher Zeile</translation>
    </message>
    <message>
        <source>Cell</source>
        <translation>Zelle</translation>
    </message>
    <message>
        <source>Cell text</source>
        <translation>Zelltext</translation>
    </message>
    <message>
        <source>Matched entity</source>
        <translation>Gefundene Entität</translation>
    </message>
    <message>
        <source>Previous decision</source>
        <translation>Vorherige Entscheidung</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>Entity</source>
        <translation>Entität</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Parent</source>
        <translation>Mutter</translation>
    </message>
    <message>
        <source>List(s)</source>
        <translation>Liste(n)</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Best score</source>
        <translation>Bester Wert</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <source>Findings row</source>
        <translation>Befundzeile</translation>
    </message>
    <message>
        <source>Sealed decision</source>
        <translation>Versiegelte Entscheidung</translation>
    </message>
    <message>
        <source>Typed decision</source>
        <translation>Eingetippte Entscheidung</translation>
    </message>
    <message>
        <source>Typed note</source>
        <translation>Eingetippte Notiz</translation>
    </message>
    <message>
        <source>Name</source>
        <extracomment>The lists table&apos;s checkable columns.</extracomment>
        <translation>Name</translation>
    </message>
    <message>
        <source>Edition</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Entities</source>
        <translation>Entitäten</translation>
    </message>
    <message>
        <source>Names</source>
        <translation>Namen</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Persons, vessels</source>
        <translation>Personen, Schiffe</translation>
    </message>
    <message>
        <source>List</source>
        <translation>Liste</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Kept edition</source>
        <translation>Gespeicherte Ausgabe</translation>
    </message>
    <message>
        <source>Last fetched</source>
        <translation>Zuletzt abgerufen</translation>
    </message>
    <message>
        <source>Aliases</source>
        <translation>Aliasse</translation>
    </message>
    <message>
        <source>Lists</source>
        <translation>Listen</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>Verlässlichkeit</translation>
    </message>
    <message>
        <source>Citation</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Scope note</source>
        <translation>Geltungshinweis</translation>
    </message>
    <message>
        <source>Patterns</source>
        <translation>Muster</translation>
    </message>
</context>
<context>
    <name>Decisions</name>
    <message>
        <source>Pending</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>False positive</source>
        <translation>Fehlalarm</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>Eskaliert</translation>
    </message>
</context>
<context>
    <name>Detail</name>
    <message>
        <source>The cell text is the listed name itself (after normalisation).</source>
        <translation>Der Zelltext ist der gelistete Name selbst (nach Normalisierung).</translation>
    </message>
    <message>
        <source>The cell text is a known alias, brand or former name of the listed entity.</source>
        <translation>Der Zelltext ist ein bekannter Alias, eine Marke oder ein früherer Name der gelisteten Entität.</translation>
    </message>
    <message>
        <source>The cell text is close to a listed name but not identical; the score says how close.</source>
        <translation>Der Zelltext ähnelt einem gelisteten Namen, ist aber nicht gleich; der Wert sagt, wie ähnlich.</translation>
    </message>
    <message>
        <source>The part number follows a model-number pattern the listed maker uses.</source>
        <translation>Die Teilenummer folgt einem Modellnummernmuster des gelisteten Herstellers.</translation>
    </message>
    <message>
        <source>The description names the listed entity or one of its brands.</source>
        <translation>Die Beschreibung nennt die gelistete Entität oder eine ihrer Marken.</translation>
    </message>
    <message>
        <source>Programmes (start date)</source>
        <translation>Programme (Beginn)</translation>
    </message>
    <message>
        <source>Entity number</source>
        <translation>Eintragsnummer</translation>
    </message>
    <message>
        <source>Federal Register</source>
        <translation>Federal Register</translation>
    </message>
    <message>
        <source>Start date</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>Source URL</source>
        <translation>Quell-URL</translation>
    </message>
    <message>
        <source>List edition</source>
        <translation>Listenausgabe</translation>
    </message>
    <message>
        <source>List imported</source>
        <translation>Liste importiert</translation>
    </message>
    <message>
        <source>Evidence of the list entry</source>
        <translation>Nachweis des Listeneintrags</translation>
    </message>
    <message>
        <source>Not at hand: the list this hit came from is not loaded.</source>
        <translation>Nicht verfügbar: Die Liste, aus der dieser Treffer stammt, ist nicht geladen.</translation>
    </message>
    <message>
        <source>not given in the list</source>
        <translation>in der Liste nicht angegeben</translation>
    </message>
    <message>
        <source> (part of {parent})</source>
        <translation> (Teil von {parent})</translation>
    </message>
    <message>
        <source>part-number pattern</source>
        <translation>Teilenummernmuster</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;{field}&lt;/b&gt; in {file}, sheet &lt;b&gt;{sheet}&lt;/b&gt;, cell &lt;b&gt;{cell}&lt;/b&gt; matches &lt;b&gt;{who}&lt;/b&gt; on {lists} — {method}, score {score}.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;{field}&lt;/b&gt; in {file}, Blatt &lt;b&gt;{sheet}&lt;/b&gt;, Zelle &lt;b&gt;{cell}&lt;/b&gt; passt zu &lt;b&gt;{who}&lt;/b&gt; auf {lists} — {method}, Wert {score}.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>no list</source>
        <translation>keiner Liste</translation>
    </message>
    <message>
        <source>&lt;b&gt;Review-level finding:&lt;/b&gt; the evidence is weak on its own.</source>
        <translation>&lt;b&gt;Befund auf Prüfstufe:&lt;/b&gt; der Beleg ist allein schwach.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Why:&lt;/b&gt; {reason}</source>
        <translation>&lt;b&gt;Warum:&lt;/b&gt; {reason}</translation>
    </message>
    <message>
        <source>Matched pattern</source>
        <translation>Passendes Muster</translation>
    </message>
    <message>
        <source>Part number, as compared</source>
        <translation>Teilenummer, wie verglichen</translation>
    </message>
    <message>
        <source>Pattern (regular expression)</source>
        <translation>Muster (regulärer Ausdruck)</translation>
    </message>
    <message>
        <source>Matched name</source>
        <translation>Passender Name</translation>
    </message>
    <message>
        <source>Cell, normalised</source>
        <translation>Zelle, normalisiert</translation>
    </message>
    <message>
        <source>Name, normalised</source>
        <translation>Name, normalisiert</translation>
    </message>
    <message>
        <source>List data confidence</source>
        <translation>Verlässlichkeit der Listendaten</translation>
    </message>
    <message>
        <source>Watchlist</source>
        <translation>Beobachtungsliste</translation>
    </message>
    <message>
        <source> (remembered)</source>
        <translation> (gemerkt)</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <source>Suggestion</source>
        <translation>Vorschlag</translation>
    </message>
    <message>
        <source> (press A to accept it for this BOM)</source>
        <translation> (A drücken, um ihn für diese Stückliste anzunehmen)</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>Decided by</source>
        <translation>Entschieden von</translation>
    </message>
    <message>
        <source>{reviewer} at {time}</source>
        <translation>{reviewer} am {time}</translation>
    </message>
    <message>
        <source>&lt;b&gt;History&lt;/b&gt; (oldest first; nothing is ever removed)</source>
        <translation>&lt;b&gt;Verlauf&lt;/b&gt; (älteste zuerst; nichts wird je entfernt)</translation>
    </message>
    <message>
        <source>List entry</source>
        <translation>Listeneintrag</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Eintrag</translation>
    </message>
    <message>
        <source>Parent</source>
        <translation>Mutter</translation>
    </message>
    <message>
        <source>Relationship</source>
        <translation>Beziehung</translation>
    </message>
    <message>
        <source>List</source>
        <extracomment>How every label cell of the pane opens; evidence is escaped, so this tag is only ever a label&apos;s. Twice the tables&apos; cellpadding and their spacing, and a pixel for rounding. A label word longer than this many average characters (a file&apos;s header run together) may break. The least room, in average characters, a value keeps beside its label; with less, labels go above.</extracomment>
        <translation>Liste</translation>
    </message>
    <message>
        <source>added {date}</source>
        <translation>aufgenommen {date}</translation>
    </message>
    <message>
        <source>covered as a subsidiary or affiliate, not named</source>
        <translation>als Tochter- oder verbundenes Unternehmen erfasst, nicht namentlich</translation>
    </message>
    <message>
        <source>List {code}</source>
        <translation>Liste {code}</translation>
    </message>
    <message>
        <source>listed</source>
        <translation>gelistet</translation>
    </message>
    <message>
        <source>Citation</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Geltungsbereich</translation>
    </message>
    <message>
        <source>Data confidence</source>
        <translation>Verlässlichkeit der Daten</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Land</translation>
    </message>
    <message>
        <source> and {n} more</source>
        <translation> und {n} weitere</translation>
    </message>
    <message>
        <source>Aliases</source>
        <translation>Aliasse</translation>
    </message>
    <message>
        <source>Part-number patterns</source>
        <translation>Teilenummernmuster</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Anmerkungen</translation>
    </message>
    <message>
        <source>Row {row} of the BOM</source>
        <translation>Zeile {row} der Stückliste</translation>
    </message>
    <message>
        <source>Select a finding to see why it was flagged.</source>
        <translation>Wählen Sie einen Befund, um zu sehen, warum er markiert wurde.</translation>
    </message>
</context>
<context>
    <name>EmptyPage</name>
    <message>
        <source>Drop BOM files here, or Open…</source>
        <translation>Stücklisten hier ablegen, oder Öffnen…</translation>
    </message>
    <message>
        <source>Excel (.xlsx, .xlsm, .xls, .xlsb), OpenDocument (.ods) and CSV files, or whole folders.
Each file is screened against the watchlists; you then review every finding.</source>
        <translation>Excel- (.xlsx, .xlsm, .xls, .xlsb), OpenDocument- (.ods) und CSV-Dateien oder ganze Ordner.
Jede Datei wird mit den Beobachtungslisten abgeglichen; danach prüfen Sie jeden Befund.</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>Öffnen…</translation>
    </message>
    <message>
        <source>Try the sample BOM</source>
        <translation>Beispiel-Stückliste ausprobieren</translation>
    </message>
</context>
<context>
    <name>EntitiesTableModel</name>
    <message>
        <source> (review)</source>
        <translation> (Prüfstufe)</translation>
    </message>
</context>
<context>
    <name>ExportController</name>
    <message>
        <source>PDF report, with the HTML beside it (*.pdf);;HTML report (*.html)</source>
        <translation>PDF-Bericht, mit HTML daneben (*.pdf);;HTML-Bericht (*.html)</translation>
    </message>
    <message>
        <source>Select a screened file in the list on the left to export it.</source>
        <extracomment>An export finished: the output path. &quot;Export all&quot; finished: the paths written and the files that failed (messages). An audit report was written: the paths (HTML first, then the PDF when asked for). Hits still pending in what is being exported: the copy is marked DRAFT and the banner says so.</extracomment>
        <translation>Wählen Sie links eine geprüfte Datei aus, um sie zu exportieren.</translation>
    </message>
    <message>
        <source>Excel macro-enabled workbook (*.xlsm)</source>
        <translation>Excel-Arbeitsmappe mit Makros (*.xlsm)</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel-Arbeitsmappe (*.xlsx)</translation>
    </message>
    <message>
        <source>Export {0}</source>
        <translation>{0} exportieren</translation>
    </message>
    <message>
        <source>The export would overwrite the original BOM; choose another name (the original is never changed).</source>
        <translation>Der Export würde die Original-Stückliste überschreiben; wählen Sie einen anderen Namen (das Original wird nie verändert).</translation>
    </message>
    <message>
        <source>Exporting {name}…</source>
        <translation>{name} wird exportiert…</translation>
    </message>
    <message>
        <source>Open and screen BOM files first; there is nothing to export yet.</source>
        <translation>Öffnen und prüfen Sie zuerst Stücklisten; es gibt noch nichts zu exportieren.</translation>
    </message>
    <message numerus="yes">
        <source>Export %n annotated workbook(s) to folder</source>
        <translation>
            <numerusform>%n annotierte Arbeitsmappe in Ordner exportieren</numerusform>
            <numerusform>%n annotierte Arbeitsmappen in Ordner exportieren</numerusform>
        </translation>
    </message>
    <message>
        <source>
… and {n} more</source>
        <translation>
… und {n} weitere</translation>
    </message>
    <message>
        <source>Replace earlier exports?</source>
        <translation>Frühere Exporte ersetzen?</translation>
    </message>
    <message numerus="yes">
        <source>%n of these files already exist(s) and will be replaced:</source>
        <translation>
            <numerusform>%n dieser Dateien existiert bereits und wird ersetzt:</numerusform>
            <numerusform>%n dieser Dateien existieren bereits und werden ersetzt:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exporting %n file(s)…</source>
        <translation>
            <numerusform>%n Datei wird exportiert…</numerusform>
            <numerusform>%n Dateien werden exportiert…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n annotated workbook(s)</source>
        <translation>
            <numerusform>%n annotierte Arbeitsmappe exportiert</numerusform>
            <numerusform>%n annotierte Arbeitsmappen exportiert</numerusform>
        </translation>
    </message>
    <message>
        <source> to {folder}.</source>
        <translation> nach {folder}.</translation>
    </message>
    <message numerus="yes">
        <source> Marked DRAFT: %n hit(s) still pending review.</source>
        <translation>
            <numerusform> Als ENTWURF markiert: %n Treffer noch nicht geprüft.</numerusform>
            <numerusform> Als ENTWURF markiert: %n Treffer noch nicht geprüft.</numerusform>
        </translation>
    </message>
    <message>
        <source> Not exported: </source>
        <translation> Nicht exportiert: </translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message numerus="yes">
        <source> It is marked DRAFT: %n hit(s) still pending review.</source>
        <translation>
            <numerusform> Sie ist als ENTWURF markiert: %n Treffer noch nicht geprüft.</numerusform>
            <numerusform> Sie ist als ENTWURF markiert: %n Treffer noch nicht geprüft.</numerusform>
        </translation>
    </message>
    <message>
        <source>Exported {name} to {folder}.</source>
        <translation>{name} nach {folder} exportiert.</translation>
    </message>
    <message>
        <source>Open and screen BOM files first; there is nothing to report yet.</source>
        <translation>Öffnen und prüfen Sie zuerst Stücklisten; es gibt noch nichts zu berichten.</translation>
    </message>
    <message>
        <source>Export audit report</source>
        <translation>Prüfbericht exportieren</translation>
    </message>
    <message>
        <source>Writing the report {name}…</source>
        <translation>Bericht {name} wird geschrieben…</translation>
    </message>
    <message>
        <source> and </source>
        <translation> und </translation>
    </message>
    <message>
        <source>Report written: {names} in {folder}.</source>
        <translation>Bericht geschrieben: {names} in {folder}.</translation>
    </message>
    <message>
        <source>Open report</source>
        <translation>Bericht öffnen</translation>
    </message>
    <message>
        <source>The report could not be written: {reason}. Choose another folder, or close the file if it is open in another program.</source>
        <translation>Der Bericht konnte nicht geschrieben werden: {reason}. Wählen Sie einen anderen Ordner oder schließen Sie die Datei, falls sie in einem anderen Programm geöffnet ist.</translation>
    </message>
</context>
<context>
    <name>FilesListModel</name>
    <message>
        <source>NOT SCREENED</source>
        <translation>NICHT GEPRÜFT</translation>
    </message>
    <message>
        <source>no hits</source>
        <translation>keine Treffer</translation>
    </message>
    <message numerus="yes">
        <source>%n hit(s)</source>
        <translation>
            <numerusform>%n Treffer</numerusform>
            <numerusform>%n Treffer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) not screened</source>
        <translation>
            <numerusform>%n Zeile nicht geprüft</numerusform>
            <numerusform>%n Zeilen nicht geprüft</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n formula cell(s) without value</source>
        <translation>
            <numerusform>%n Formelzelle ohne Wert</numerusform>
            <numerusform>%n Formelzellen ohne Wert</numerusform>
        </translation>
    </message>
    <message>
        <source>encoding guessed: check names</source>
        <translation>Kodierung geraten: Namen prüfen</translation>
    </message>
    <message>
        <source>waiting…</source>
        <translation>wartet…</translation>
    </message>
    <message>
        <source>screening…</source>
        <translation>wird geprüft…</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
</context>
<context>
    <name>FindingsView</name>
    <message>
        <source>Filter findings…</source>
        <translation>Befunde filtern…</translation>
    </message>
    <message>
        <source>All decisions</source>
        <translation>Alle Entscheidungen</translation>
    </message>
    <message>
        <source>Open items</source>
        <translation>Offene Punkte</translation>
    </message>
    <message>
        <source>Pending or escalated</source>
        <translation>Offen oder eskaliert</translation>
    </message>
    <message>
        <source>All lists</source>
        <translation>Alle Listen</translation>
    </message>
    <message>
        <source>All methods</source>
        <translation>Alle Methoden</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>Alle Dateien</translation>
    </message>
    <message>
        <source>Show the findings of one file (shown when more than one file is open)</source>
        <translation>Die Befunde einer Datei zeigen (erscheint, wenn mehr als eine Datei offen ist)</translation>
    </message>
    <message>
        <source>Score ≥ </source>
        <translation>Wert ≥ </translation>
    </message>
    <message>
        <source>Review-level only</source>
        <translation>Nur Prüfstufe</translation>
    </message>
    <message>
        <source> · {review} review-level (amber ?)</source>
        <translation> · {review} auf Prüfstufe (gelbes ?)</translation>
    </message>
    <message numerus="yes">
        <source>{shown} of %n finding(s) shown</source>
        <translation>
            <numerusform>{shown} von %n Befund angezeigt</numerusform>
            <numerusform>{shown} von %n Befunden angezeigt</numerusform>
        </translation>
    </message>
    <message>
        <source> · C confirmed, F false positive, E escalated, P pending, A accepts a suggestion · Enter edits the note</source>
        <translation> · C bestätigt, F Fehlalarm, E eskaliert, P offen, A nimmt einen Vorschlag an · Eingabe bearbeitet die Notiz</translation>
    </message>
</context>
<context>
    <name>GroupsTableModel</name>
    <message>
        <source>Mixed: {counts}</source>
        <translation>Gemischt: {counts}</translation>
    </message>
    <message>
        <source>(different notes)</source>
        <translation>(verschiedene Notizen)</translation>
    </message>
</context>
<context>
    <name>GroupsView</name>
    <message>
        <source>Filter values…</source>
        <translation>Werte filtern…</translation>
    </message>
    <message>
        <source>All decisions</source>
        <translation>Alle Entscheidungen</translation>
    </message>
    <message>
        <source>Open items</source>
        <translation>Offene Punkte</translation>
    </message>
    <message>
        <source>Values with a row still pending or escalated</source>
        <translation>Werte mit einer noch offenen oder eskalierten Zeile</translation>
    </message>
    <message>
        <source>Values with at least one row marked {decision}</source>
        <translation>Werte mit mindestens einer Zeile „{decision}“</translation>
    </message>
    <message>
        <source>Mixed</source>
        <translation>Gemischt</translation>
    </message>
    <message>
        <source>Values whose rows have different decisions</source>
        <translation>Werte, deren Zeilen verschiedene Entscheidungen haben</translation>
    </message>
    <message>
        <source>Review-level only</source>
        <translation>Nur Prüfstufe</translation>
    </message>
    <message numerus="yes">
        <source>{shown} of %n distinct value(s) shown</source>
        <translation>
            <numerusform>{shown} von %n Wert angezeigt</numerusform>
            <numerusform>{shown} von %n verschiedenen Werten angezeigt</numerusform>
        </translation>
    </message>
    <message>
        <source> · a decision here covers every row the value appears in</source>
        <translation> · eine Entscheidung hier gilt für jede Zeile mit diesem Wert</translation>
    </message>
</context>
<context>
    <name>HitsTableModel</name>
    <message>
        <source>Suggestion: {text}

Press A to accept it for this BOM.</source>
        <translation>Vorschlag: {text}

A drücken, um ihn für diese Stückliste anzunehmen.</translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message>
        <source>Import {0}</source>
        <translation>{0} importieren</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
</context>
<context>
    <name>Languages</name>
    <message>
        <source>System default</source>
        <extracomment>Overrides the language chosen in Settings (tests and screenshots): &quot;en&quot; or &quot;de&quot;.</extracomment>
        <translation>Systemvorgabe</translation>
    </message>
</context>
<context>
    <name>LicencesDialog</name>
    <message>
        <source>Licences</source>
        <translation>Lizenzen</translation>
    </message>
    <message>
        <source>Third-party notices</source>
        <translation>Hinweise zu Drittsoftware</translation>
    </message>
</context>
<context>
    <name>ListsTableModel</name>
    <message>
        <source>The built-in and private lists are always used.</source>
        <translation>Die eingebaute und die private Liste werden immer verwendet.</translation>
    </message>
    <message>
        <source>Also screen the persons, vessels and aircraft of this list ({0}).</source>
        <translation>Auch die Personen, Schiffe und Luftfahrzeuge dieser Liste prüfen ({0}).</translation>
    </message>
</context>
<context>
    <name>MainView</name>
    <message>
        <source>Findings</source>
        <translation>Befunde</translation>
    </message>
    <message>
        <source>By value</source>
        <translation>Nach Wert</translation>
    </message>
    <message>
        <source>Whole sheet &amp;&amp; columns</source>
        <translation>Ganzes Blatt &amp;&amp; Spalten</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>file %p%</source>
        <translation>Datei %p%</translation>
    </message>
    <message>
        <source>%v of %m files</source>
        <translation>%v von %m Dateien</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>Models</name>
    <message>
        <source>Review-level finding: the evidence is weak on its own (a loose part-number pattern, or list data of low confidence). Check it before confirming.</source>
        <extracomment>True for a review-level finding (weak pattern, low-confidence list data): evidence to weigh, not a hit. Statuses with a fill in tables (their colours come from guiapp.gui.theme and follow the palette).</extracomment>
        <translation>Befund auf Prüfstufe: der Beleg ist allein schwach (ein loses Teilenummernmuster oder Listendaten geringer Verlässlichkeit). Vor dem Bestätigen prüfen.</translation>
    </message>
    <message>
        <source>{label}: suggested {suggested}</source>
        <translation>{label}: vorgeschlagen {suggested}</translation>
    </message>
    <message>
        <source>{label} (remembered)</source>
        <translation>{label} (gemerkt)</translation>
    </message>
</context>
<context>
    <name>NoteDelegate</name>
    <message>
        <source>Note: Enter saves, Esc cancels</source>
        <translation>Notiz: Eingabe speichert, Esc bricht ab</translation>
    </message>
</context>
<context>
    <name>PreviousAuditController</name>
    <message>
        <source>Previous audit (*.bomaudit.json *.json *.audited.xlsx *.audited.xlsm);;Audit file (*.bomaudit.json *.json);;Annotated workbook (*.xlsx *.xlsm);;All files (*)</source>
        <translation>Vorherige Prüfung (*.bomaudit.json *.json *.audited.xlsx *.audited.xlsm);;Prüfungsdatei (*.bomaudit.json *.json);;Annotierte Arbeitsmappe (*.xlsx *.xlsm);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Select the new revision in the file list first; the previous audit is applied to it.</source>
        <extracomment>A previous audit was applied to a file: its AuditDiff. file SHA-256 -&gt; changes since a previous audit, for export and report.</extracomment>
        <translation>Wählen Sie zuerst die neue Revision in der Dateiliste; die vorherige Prüfung wird auf sie angewendet.</translation>
    </message>
    <message>
        <source>Previous audit to apply to {name}</source>
        <translation>Vorherige Prüfung, die auf {name} angewendet wird</translation>
    </message>
    <message>
        <source>The watchlists are still loading; try again in a moment.</source>
        <translation>Die Beobachtungslisten werden noch geladen; versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>Where is {name}, the BOM the previous audit was taken on?</source>
        <translation>Wo ist {name}, die Stückliste der vorherigen Prüfung?</translation>
    </message>
    <message>
        <source>Applying {audit} to {name}…</source>
        <translation>{audit} wird auf {name} angewendet…</translation>
    </message>
    <message>
        <source>That audit names no BOM file; choose the audit saved with the BOM.</source>
        <translation>Diese Prüfung nennt keine Stückliste; wählen Sie die mit der Stückliste gespeicherte Prüfung.</translation>
    </message>
    <message>
        <source>Previous revision</source>
        <translation>Vorherige Revision</translation>
    </message>
    <message>
        <source>Which file of the audit is the previous revision of {name}?</source>
        <translation>Welche Datei der Prüfung ist die vorherige Revision von {name}?</translation>
    </message>
    <message>
        <source>Applied {audit} to {name}: {summary}.</source>
        <translation>{audit} auf {name} angewendet: {summary}.</translation>
    </message>
    <message>
        <source>Show changes</source>
        <translation>Änderungen zeigen</translation>
    </message>
    <message>
        <source>The previous audit could not be applied: {reason}</source>
        <translation>Die vorherige Prüfung konnte nicht angewendet werden: {reason}</translation>
    </message>
</context>
<context>
    <name>ReviewController</name>
    <message numerus="yes">
        <source>%n file(s)</source>
        <extracomment>Set while decisions are redrawn just before the selection moves on (its detail is drawn then).</extracomment>
        <translation>
            <numerusform>%n Datei</numerusform>
            <numerusform>%n Dateien</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n finding(s)</source>
        <translation>
            <numerusform>%n Befund</numerusform>
            <numerusform>%n Befunde</numerusform>
        </translation>
    </message>
    <message>
        <source>{n} unreadable</source>
        <translation>{n} unlesbar</translation>
    </message>
    <message numerus="yes">
        <source>%n finding(s) selected; a decision applies to all of them.</source>
        <translation>
            <numerusform>%n Befund ausgewählt; eine Entscheidung gilt für alle.</numerusform>
            <numerusform>%n Befunde ausgewählt; eine Entscheidung gilt für alle.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This value appears in %n row(s); a decision here covers all of them.</source>
        <translation>
            <numerusform>Dieser Wert steht in %n Zeile; eine Entscheidung hier gilt für sie.</numerusform>
            <numerusform>Dieser Wert steht in %n Zeilen; eine Entscheidung hier gilt für alle.</numerusform>
        </translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>Prüfer</translation>
    </message>
    <message>
        <source>Your name, recorded with every decision:</source>
        <translation>Ihr Name, mit jeder Entscheidung festgehalten:</translation>
    </message>
    <message>
        <source>{n} listed entities</source>
        <translation>{n} gelistete Entitäten</translation>
    </message>
    <message>
        <source>No suggestion for the selected findings: decide them with C, F or E.</source>
        <translation>Kein Vorschlag für die ausgewählten Befunde: entscheiden Sie mit C, F oder E.</translation>
    </message>
    <message numerus="yes">
        <source>Accepted %n suggestion(s) as {reviewer}&apos;s decision(s) for this BOM.</source>
        <translation>
            <numerusform>%n Vorschlag als Entscheidung von {reviewer} für diese Stückliste angenommen.</numerusform>
            <numerusform>%n Vorschläge als Entscheidungen von {reviewer} für diese Stückliste angenommen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message numerus="yes">
        <source>Rationale for these %n finding(s):</source>
        <translation>
            <numerusform>Begründung für diesen %n Befund:</numerusform>
            <numerusform>Begründung für diese %n Befunde:</numerusform>
        </translation>
    </message>
    <message>
        <source>The note was not changed: {reason}.</source>
        <translation>Die Notiz wurde nicht geändert: {reason}.</translation>
    </message>
    <message>
        <source>Nothing to undo.</source>
        <translation>Nichts rückgängig zu machen.</translation>
    </message>
    <message>
        <source>Nothing to redo.</source>
        <translation>Nichts zu wiederholen.</translation>
    </message>
    <message numerus="yes">
        <source>Undid the decision on %n finding(s) (the history keeps both).</source>
        <translation>
            <numerusform>Entscheidung zu %n Befund rückgängig gemacht (der Verlauf behält beide).</numerusform>
            <numerusform>Entscheidung zu %n Befunden rückgängig gemacht (der Verlauf behält beide).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Redid the decision on %n finding(s) (the history keeps both).</source>
        <translation>
            <numerusform>Entscheidung zu %n Befund wiederholt (der Verlauf behält beide).</numerusform>
            <numerusform>Entscheidung zu %n Befunden wiederholt (der Verlauf behält beide).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RoleEvidence</name>
    <message>
        <source>English</source>
        <translation>Englisch</translation>
    </message>
    <message>
        <source>German</source>
        <translation>Deutsch</translation>
    </message>
    <message>
        <source>French</source>
        <translation>Französisch</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation>Spanisch</translation>
    </message>
    <message>
        <source>Italian</source>
        <translation>Italienisch</translation>
    </message>
    <message>
        <source>Portuguese</source>
        <translation>Portugiesisch</translation>
    </message>
    <message>
        <source>Dutch</source>
        <translation>Niederländisch</translation>
    </message>
    <message>
        <source>Polish</source>
        <translation>Polnisch</translation>
    </message>
    <message>
        <source>Swedish</source>
        <translation>Schwedisch</translation>
    </message>
    <message>
        <source>Finnish</source>
        <translation>Finnisch</translation>
    </message>
    <message>
        <source>Czech</source>
        <translation>Tschechisch</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>Russisch</translation>
    </message>
    <message>
        <source>Ukrainian</source>
        <translation>Ukrainisch</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>Chinesisch</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>Japanisch</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>Koreanisch</translation>
    </message>
    <message>
        <source>part numbers</source>
        <translation>Teilenummern</translation>
    </message>
    <message>
        <source>company names</source>
        <translation>Firmennamen</translation>
    </message>
    <message>
        <source>prose</source>
        <translation>Fließtext</translation>
    </message>
    <message>
        <source>numbers</source>
        <translation>Zahlen</translation>
    </message>
    <message>
        <source>dates</source>
        <translation>Datumsangaben</translation>
    </message>
    <message>
        <source>designators</source>
        <translation>Bauteilbezeichner</translation>
    </message>
    <message>
        <source>component values</source>
        <translation>Bauteilwerte</translation>
    </message>
    <message>
        <source>links</source>
        <translation>Links</translation>
    </message>
    <message>
        <source>other text</source>
        <translation>sonstiger Text</translation>
    </message>
    <message>
        <source>no screened role</source>
        <translation>keine geprüfte Rolle</translation>
    </message>
    <message>
        <source>header confirmed by the values</source>
        <translation>Kopfzeile durch die Werte bestätigt</translation>
    </message>
    <message>
        <source>header overturned by the values</source>
        <translation>Kopfzeile durch die Werte widerlegt</translation>
    </message>
    <message>
        <source>no role: the values are numbers, dates or designators</source>
        <translation>keine Rolle: die Werte sind Zahlen, Datumsangaben oder Bauteilbezeichner</translation>
    </message>
    <message>
        <source>by the header; the values neither confirm nor overturn it</source>
        <translation>nach der Kopfzeile; die Werte bestätigen und widerlegen sie nicht</translation>
    </message>
    <message>
        <source>by the header; too few values to weigh</source>
        <translation>nach der Kopfzeile; zu wenige Werte zum Abwägen</translation>
    </message>
    <message>
        <source>not used: a column with a stronger header has the role</source>
        <translation>nicht verwendet: eine Spalte mit stärkerer Kopfzeile hat die Rolle</translation>
    </message>
    <message>
        <source>set by you</source>
        <translation>von Ihnen gesetzt</translation>
    </message>
    <message>
        <source>Set by you</source>
        <translation>Von Ihnen gesetzt</translation>
    </message>
    <message>
        <source>Overturned</source>
        <translation>Widerlegt</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>By header</source>
        <translation>Nach Kopfzeile</translation>
    </message>
    <message>
        <source>{head}: {values}</source>
        <translation>{head}: {values}</translation>
    </message>
    <message>
        <source> · header “{term}” = {header_role}</source>
        <translation> · Kopfzeile „{term}“ = {header_role}</translation>
    </message>
    <message>
        <source> · “{term}” ({language})</source>
        <translation> · „{term}“ ({language})</translation>
    </message>
    <message>
        <source>Column {letter} “{header}”</source>
        <translation>Spalte {letter} „{header}“</translation>
    </message>
    <message>
        <source>Header word: “{term}” (a name), names {header_role}</source>
        <translation>Kopfzeilenwort: „{term}“ (ein Name), steht für {header_role}</translation>
    </message>
    <message>
        <source>weak name</source>
        <translation>schwache Bezeichnung</translation>
    </message>
    <message>
        <source>strong name</source>
        <translation>starke Bezeichnung</translation>
    </message>
    <message>
        <source>Header word: “{term}” ({language}, {strength}), names {header_role}</source>
        <translation>Kopfzeilenwort: „{term}“ ({language}, {strength}), steht für {header_role}</translation>
    </message>
    <message>
        <source>Values: {shapes} (a sample of {n})</source>
        <translation>Werte: {shapes} (Stichprobe von {n})</translation>
    </message>
    <message>
        <source>Verdict: {verdict}</source>
        <translation>Ergebnis: {verdict}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Role: {role} (confidence {confidence})</source>
        <translation>Rolle: {role} (Sicherheit {confidence})</translation>
    </message>
    <message>
        <source>Sample values: {samples}</source>
        <translation>Beispielwerte: {samples}</translation>
    </message>
    <message>
        <source>{n} confirmed</source>
        <translation>{n} bestätigt</translation>
    </message>
    <message>
        <source>{n} overturned</source>
        <translation>{n} widerlegt</translation>
    </message>
    <message>
        <source>{n} set by you</source>
        <translation>{n} von Ihnen gesetzt</translation>
    </message>
    <message>
        <source>{n} by header</source>
        <translation>{n} nach Kopfzeile</translation>
    </message>
    <message>
        <source>No column: not screened as this role</source>
        <translation>Keine Spalte: in dieser Rolle nicht geprüft</translation>
    </message>
    <message>
        <source>No evidence recorded for this column</source>
        <translation>Für diese Spalte ist keine Begründung festgehalten</translation>
    </message>
</context>
<context>
    <name>ScreeningController</name>
    <message>
        <source>BOM files (*.xlsx *.xlsm *.xls *.xlsb *.ods *.csv *.tsv *.txt);;All files (*)</source>
        <translation>Stücklisten (*.xlsx *.xlsm *.xls *.xlsb *.ods *.csv *.tsv *.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Could not open: {reason}</source>
        <extracomment>Every queued file was screened (or the batch was cancelled). A sheet was re-screened with a new mapping. The watchlists of the current screener (or loaded for Help &gt; About before any screening).</extracomment>
        <translation>Konnte nicht geöffnet werden: {reason}</translation>
    </message>
    <message>
        <source>No BOM files were found there (.xlsx, .xlsm, .xls, .xlsb, .ods, .csv).</source>
        <translation>Dort wurden keine Stücklisten gefunden (.xlsx, .xlsm, .xls, .xlsb, .ods, .csv).</translation>
    </message>
    <message>
        <source>Open BOM files</source>
        <translation>Stücklisten öffnen</translation>
    </message>
    <message>
        <source>The sample BOM is missing ({path}); reinstall the application.</source>
        <translation>Die Beispiel-Stückliste fehlt ({path}); installieren Sie die Anwendung neu.</translation>
    </message>
    <message>
        <source>Loading the watchlists…</source>
        <translation>Beobachtungslisten werden geladen…</translation>
    </message>
    <message>
        <source>Screening…</source>
        <translation>Prüfung läuft…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <source>Screening {name} ({i} of {n})…</source>
        <translation>{name} wird geprüft ({i} von {n})…</translation>
    </message>
    <message>
        <source>{name} was NOT SCREENED: no row of any sheet could be screened, so no hits does not mean clear. Choose the header row and the columns in Whole sheet &amp; columns.</source>
        <translation>{name} wurde NICHT GEPRÜFT: keine Zeile eines Blatts konnte geprüft werden, keine Treffer heißt also nicht unbedenklich. Wählen Sie Kopfzeile und Spalten unter Ganzes Blatt &amp; Spalten.</translation>
    </message>
    <message>
        <source>Unreadable file</source>
        <translation>Unlesbare Datei</translation>
    </message>
    <message>
        <source>Screening stopped: {reason}</source>
        <translation>Prüfung angehalten: {reason}</translation>
    </message>
    <message>
        <source>Screening was cancelled; open the file again to screen it.</source>
        <translation>Die Prüfung wurde abgebrochen; öffnen Sie die Datei erneut, um sie zu prüfen.</translation>
    </message>
    <message>
        <source>Screening cancelled</source>
        <translation>Prüfung abgebrochen</translation>
    </message>
    <message>
        <source>The watchlists are still loading; try again in a moment.</source>
        <translation>Die Beobachtungslisten werden noch geladen; versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>The corrected columns could not be remembered: {reason}</source>
        <translation>Die korrigierten Spalten konnten nicht gemerkt werden: {reason}</translation>
    </message>
    <message>
        <source>Re-screening {sheet}…</source>
        <translation>{sheet} wird neu geprüft…</translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message>
        <source>BOM Auditor audit (*.bomaudit.json *.json);;All files (*)</source>
        <translation>BOM-Auditor-Prüfung (*.bomaudit.json *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Autosave failed: {reason}</source>
        <translation>Automatisches Speichern fehlgeschlagen: {reason}</translation>
    </message>
    <message numerus="yes">
        <source>Your last session had %n file(s)</source>
        <translation>
            <numerusform>Ihre letzte Sitzung hatte %n Datei</numerusform>
            <numerusform>Ihre letzte Sitzung hatte %n Dateien</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> and %n decision(s). Resume it?</source>
        <translation>
            <numerusform> und %n Entscheidung. Fortsetzen?</numerusform>
            <numerusform> und %n Entscheidungen. Fortsetzen?</numerusform>
        </translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Start fresh</source>
        <translation>Neu beginnen</translation>
    </message>
    <message>
        <source>Resumed</source>
        <translation>Fortgesetzt</translation>
    </message>
    <message>
        <source>Save audit</source>
        <translation>Prüfung speichern</translation>
    </message>
    <message>
        <source>{name} could not be saved: {reason}</source>
        <translation>{name} konnte nicht gespeichert werden: {reason}</translation>
    </message>
    <message>
        <source>Audit saved to {path}.</source>
        <translation>Prüfung gespeichert in {path}.</translation>
    </message>
    <message>
        <source>Open audit</source>
        <translation>Prüfung öffnen</translation>
    </message>
    <message>
        <source>Audit {name}</source>
        <translation>Prüfung {name}</translation>
    </message>
    <message numerus="yes">
        <source>{what}: %n decision(s)</source>
        <translation>
            <numerusform>{what}: %n Entscheidung</numerusform>
            <numerusform>{what}: %n Entscheidungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> for %n file(s).</source>
        <translation>
            <numerusform> für %n Datei.</numerusform>
            <numerusform> für %n Dateien.</numerusform>
        </translation>
    </message>
    <message>
        <source> Not found (open them to apply their decisions): </source>
        <translation> Nicht gefunden (öffnen Sie sie, um ihre Entscheidungen anzuwenden): </translation>
    </message>
    <message>
        <source>The watchlists could not be loaded: {reason}</source>
        <translation>Die Beobachtungslisten konnten nicht geladen werden: {reason}</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Reviewer name</source>
        <translation>Name des Prüfers</translation>
    </message>
    <message>
        <source>Minimum similarity (0-100) for a fuzzy match; lower finds more, with more false positives.</source>
        <translation>Mindestähnlichkeit (0–100) für einen unscharfen Treffer; niedriger findet mehr, mit mehr Fehlalarmen.</translation>
    </message>
    <message>
        <source>Fuzzy match threshold</source>
        <translation>Schwelle für unscharfe Treffer</translation>
    </message>
    <message>
        <source>Columns screened</source>
        <translation>Geprüfte Spalten</translation>
    </message>
    <message>
        <source>Screen against the built-in watchlist</source>
        <translation>Mit der eingebauten Beobachtungsliste abgleichen</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Datenordner</translation>
    </message>
    <message>
        <source>Applies at the next start. Reports and annotated copies stay English.</source>
        <translation>Gilt ab dem nächsten Start. Berichte und annotierte Kopien bleiben englisch.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Remembered decisions</source>
        <translation>Gemerkte Entscheidungen</translation>
    </message>
    <message>
        <source>Apply remembered decisions to new BOMs (shown as “remembered”)</source>
        <translation>Gemerkte Entscheidungen auf neue Stücklisten anwenden (angezeigt als „gemerkt“)</translation>
    </message>
    <message>
        <source>Forget selected</source>
        <translation>Auswahl vergessen</translation>
    </message>
    <message>
        <source>Nothing remembered yet: a confirmation or false positive is remembered when you decide it.</source>
        <translation>Noch nichts gemerkt: eine Bestätigung oder ein Fehlalarm wird gemerkt, sobald Sie ihn entscheiden.</translation>
    </message>
    <message numerus="yes">
        <source>%n remembered decision(s)</source>
        <translation>
            <numerusform>%n gemerkte Entscheidung</numerusform>
            <numerusform>%n gemerkte Entscheidungen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SheetController</name>
    <message>
        <source>Detected</source>
        <translation>Erkannt</translation>
    </message>
    <message>
        <source>Set by hand</source>
        <translation>Von Hand gesetzt</translation>
    </message>
    <message>
        <source>Remembered</source>
        <translation>Gemerkt</translation>
    </message>
    <message>
        <source>No header found</source>
        <translation>Keine Kopfzeile gefunden</translation>
    </message>
    <message>
        <source> (hidden)</source>
        <translation> (ausgeblendet)</translation>
    </message>
    <message>
        <source>Row {row}: no finding.</source>
        <translation>Zeile {row}: kein Befund.</translation>
    </message>
    <message>
        <source>(not used)</source>
        <translation>(nicht verwendet)</translation>
    </message>
    <message numerus="yes">
        <source> · %n row(s) screened</source>
        <translation>
            <numerusform> · %n Zeile geprüft</numerusform>
            <numerusform> · %n Zeilen geprüft</numerusform>
        </translation>
    </message>
    <message>
        <source>, {n} not screened</source>
        <translation>, {n} nicht geprüft</translation>
    </message>
    <message>
        <source>{source} (confidence {confidence})</source>
        <translation>{source} (Sicherheit {confidence})</translation>
    </message>
    <message>
        <source>Evidence for the {role} column</source>
        <translation>Begründung für die Spalte {role}</translation>
    </message>
</context>
<context>
    <name>SheetTableModel</name>
    <message>
        <source>{title}
Screened as {role}</source>
        <translation>{title}
Geprüft als {role}</translation>
    </message>
    <message>
        <source>{field} &apos;{value}&apos; matches {entity}</source>
        <translation>{field} „{value}“ passt zu {entity}</translation>
    </message>
    <message>
        <source>Not screened: this row has no manufacturer, part number, description or supplier in the mapped columns.</source>
        <translation>Nicht geprüft: diese Zeile hat in den zugeordneten Spalten keinen Hersteller, keine Teilenummer, keine Beschreibung und keinen Lieferanten.</translation>
    </message>
    <message>
        <source>Header row</source>
        <translation>Kopfzeile</translation>
    </message>
</context>
<context>
    <name>SheetView</name>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Use detected</source>
        <translation>Erkannte verwenden</translation>
    </message>
    <message>
        <source>Forget the corrected columns for this header layout and re-screen</source>
        <translation>Die korrigierten Spalten für diesen Kopfzeilenaufbau vergessen und neu prüfen</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>Blatt</translation>
    </message>
    <message>
        <source>Header row</source>
        <translation>Kopfzeile</translation>
    </message>
    <message>
        <source>&amp;nbsp;row with a finding&amp;nbsp;</source>
        <translation>&amp;nbsp;Zeile mit Befund&amp;nbsp;</translation>
    </message>
    <message>
        <source>&amp;nbsp;matching cell&amp;nbsp;</source>
        <translation>&amp;nbsp;passende Zelle&amp;nbsp;</translation>
    </message>
    <message>
        <source>&lt;i&gt;&amp;nbsp;not screened (nothing to screen in the mapped columns)&amp;nbsp;&lt;/i&gt;</source>
        <translation>&lt;i&gt;&amp;nbsp;nicht geprüft (nichts zu prüfen in den zugeordneten Spalten)&amp;nbsp;&lt;/i&gt;</translation>
    </message>
    <message>
        <source> &lt;b&gt;bold&lt;/b&gt; = header row</source>
        <translation> &lt;b&gt;fett&lt;/b&gt; = Kopfzeile</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>BOM Auditor: unexpected error</source>
        <translation>BOM Auditor: unerwarteter Fehler</translation>
    </message>
    <message>
        <source>Something went wrong: {error}

Your decisions are autosaved. The details were written to:
{path}

Please send that file with your report.</source>
        <translation>Etwas ist schiefgegangen: {error}

Ihre Entscheidungen sind automatisch gespeichert. Die Einzelheiten stehen in:
{path}

Bitte senden Sie diese Datei mit Ihrer Meldung.</translation>
    </message>
    <message>
        <source>BOM Auditor stopped unexpectedly last time; the details are in {path} (please send that file with your report).</source>
        <translation>BOM Auditor wurde beim letzten Mal unerwartet beendet; die Einzelheiten stehen in {path} (bitte senden Sie diese Datei mit Ihrer Meldung).</translation>
    </message>
</context>
<context>
    <name>TypedDecisionsController</name>
    <message>
        <source>Annotated copy (*.audited.xlsx *.audited.xlsm *.xlsx *.xlsm);;All files (*)</source>
        <translation>Annotierte Kopie (*.audited.xlsx *.audited.xlsm *.xlsx *.xlsm);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Annotated copy with typed decisions</source>
        <extracomment>Typed decisions were recorded: how many.</extracomment>
        <translation>Annotierte Kopie mit eingetippten Entscheidungen</translation>
    </message>
    <message>
        <source>Reading the typed decisions in {name}…</source>
        <translation>Eingetippte Entscheidungen in {name} werden gelesen…</translation>
    </message>
    <message>
        <source>{name}: nothing was typed into it since it was sealed; nothing to record.</source>
        <translation>{name}: seit dem Versiegeln wurde nichts eingetippt; nichts festzuhalten.</translation>
    </message>
    <message>
        <source>the BOM it was made from</source>
        <translation>die Stückliste, aus der sie entstand</translation>
    </message>
    <message>
        <source>Open {name}</source>
        <translation>{name} öffnen</translation>
    </message>
    <message>
        <source>{copy} was made from {name}, which is not open: open it, then review the typed decisions again (they are recorded on that BOM).</source>
        <translation>{copy} entstand aus {name}, die nicht geöffnet ist: öffnen Sie sie und prüfen Sie die eingetippten Entscheidungen dann erneut (sie werden zu dieser Stückliste festgehalten).</translation>
    </message>
    <message>
        <source>Nothing was ticked; nothing was recorded.</source>
        <translation>Nichts angehakt; nichts festgehalten.</translation>
    </message>
    <message>
        <source>Findings row {row}: {reason}</source>
        <translation>Befundzeile {row}: {reason}</translation>
    </message>
    <message>
        <source> (and {n} more)</source>
        <translation> (und {n} weitere)</translation>
    </message>
    <message>
        <source>Nothing was recorded. {first}{more}. Decide those rows in the window, or untick them.</source>
        <translation>Nichts festgehalten. {first}{more}. Entscheiden Sie diese Zeilen im Fenster oder entfernen Sie die Haken.</translation>
    </message>
    <message numerus="yes">
        <source>Recorded %n typed decision(s) from {copy} on {name} by {reviewer}. Export to write a new sealed copy.</source>
        <translation>
            <numerusform>%n eingetippte Entscheidung aus {copy} zu {name} von {reviewer} festgehalten. Exportieren Sie, um eine neue versiegelte Kopie zu schreiben.</numerusform>
            <numerusform>%n eingetippte Entscheidungen aus {copy} zu {name} von {reviewer} festgehalten. Exportieren Sie, um eine neue versiegelte Kopie zu schreiben.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TypedEditsDialog</name>
    <message>
        <source>Decisions typed into {file}</source>
        <translation>In {file} eingetragene Entscheidungen</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;{file}&lt;/b&gt; (sealed by {signer}) has %n decision(s) typed into its Findings sheet since it was exported. Nothing typed counts until you accept it: the ticked ones are recorded on &lt;b&gt;{bom}&lt;/b&gt; under your name (&lt;b&gt;{reviewer}&lt;/b&gt;), with a note in their history; export afterwards to write a new sealed copy.</source>
        <translation>
            <numerusform>&lt;b&gt;{file}&lt;/b&gt; (versiegelt von {signer}) hat %n Entscheidung, die seit dem Export in das Blatt „Findings“ eingetragen wurde. Nichts Eingetragenes zählt, bevor Sie es übernehmen: die angekreuzten werden auf &lt;b&gt;{bom}&lt;/b&gt; unter Ihrem Namen (&lt;b&gt;{reviewer}&lt;/b&gt;) erfasst, mit einer Notiz in ihrem Verlauf; exportieren Sie danach, um eine neue versiegelte Kopie zu schreiben.</numerusform>
            <numerusform>&lt;b&gt;{file}&lt;/b&gt; (versiegelt von {signer}) hat %n Entscheidungen, die seit dem Export in das Blatt „Findings“ eingetragen wurden. Nichts Eingetragenes zählt, bevor Sie es übernehmen: die angekreuzten werden auf &lt;b&gt;{bom}&lt;/b&gt; unter Ihrem Namen (&lt;b&gt;{reviewer}&lt;/b&gt;) erfasst, mit einer Notiz in ihrem Verlauf; exportieren Sie danach, um eine neue versiegelte Kopie zu schreiben.</numerusform>
        </translation>
    </message>
    <message>
        <source>Typed decisions</source>
        <translation>Eingetragene Entscheidungen</translation>
    </message>
    <message>
        <source>Tick &amp;all</source>
        <translation>&amp;Alle ankreuzen</translation>
    </message>
    <message>
        <source>Tick &amp;none</source>
        <translation>&amp;Keine ankreuzen</translation>
    </message>
    <message>
        <source>&amp;Record ticked</source>
        <translation>Angekreuzte e&amp;rfassen</translation>
    </message>
</context>
<context>
    <name>TypedEditsTableModel</name>
    <message>
        <source>Accept Findings row {0}</source>
        <translation>Findings-Zeile {0} übernehmen</translation>
    </message>
    <message>
        <source>{typed} (not a decision)</source>
        <translation>{typed} (keine Entscheidung)</translation>
    </message>
</context>
<context>
    <name>UpdateListsDialog</name>
    <message>
        <source>Update lists</source>
        <extracomment>An update kept a new edition of at least one list: open BOMs should be screened again.</extracomment>
        <translation>Listen aktualisieren</translation>
    </message>
    <message>
        <source>Fetches each list from its published address, checks that the file is that list, and keeps it as the new edition. A list that cannot be fetched stays as it is. Double-click an address to change it.</source>
        <translation>Lädt jede Liste von ihrer veröffentlichten Adresse, prüft, dass die Datei diese Liste ist, und speichert sie als neue Ausgabe. Eine Liste, die nicht geladen werden kann, bleibt, wie sie ist. Doppelklicken Sie auf eine Adresse, um sie zu ändern.</translation>
    </message>
    <message>
        <source>Only the ticked lists are fetched; the choice is kept for the next update.</source>
        <translation>Nur die angehakten Listen werden abgerufen; die Auswahl bleibt für die nächste Aktualisierung erhalten.</translation>
    </message>
    <message>
        <source>List sources</source>
        <translation>Listenquellen</translation>
    </message>
    <message>
        <source>empty: the system&apos;s proxy settings; &apos;direct&apos;: none</source>
        <translation>leer: Proxy-Einstellungen des Systems; &apos;direct&apos;: keiner</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>Work offline (fetch nothing; keep the editions there are)</source>
        <translation>Offline arbeiten (nichts laden; vorhandene Ausgaben behalten)</translation>
    </message>
    <message>
        <source>What changed</source>
        <translation>Was sich geändert hat</translation>
    </message>
    <message>
        <source>What changed (entries added, removed and changed) and the remembered decisions it touches</source>
        <translation>Was sich geändert hat (hinzugefügte, entfernte und geänderte Einträge) und welche gemerkten Entscheidungen es betrifft</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Fetching the lists…</source>
        <translation>Listen werden geladen…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message numerus="yes">
        <source>%n list(s) updated</source>
        <translation>
            <numerusform>%n Liste aktualisiert</numerusform>
            <numerusform>%n Listen aktualisiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n could not be updated and keep their edition</source>
        <translation>
            <numerusform>; %n konnte nicht aktualisiert werden und behält ihre Ausgabe</numerusform>
            <numerusform>; %n konnten nicht aktualisiert werden und behalten ihre Ausgabe</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n remembered decision(s) withdrawn</source>
        <translation>
            <numerusform>; %n gemerkte Entscheidung zurückgezogen</numerusform>
            <numerusform>; %n gemerkte Entscheidungen zurückgezogen</numerusform>
        </translation>
    </message>
    <message>
        <source>The update could not run: {reason}</source>
        <translation>Die Aktualisierung konnte nicht laufen: {reason}</translation>
    </message>
</context>
<context>
    <name>UpdateSourcesModel</name>
    <message>
        <source>not fetched yet</source>
        <extracomment>bytes done, bytes in all (0 when the server did not say), message. SourceOutcome of one source, as soon as it is known. ListUpdateReport at the end (also after a cancel: the sources left say &quot;cancelled&quot;).</extracomment>
        <translation>noch nicht geladen</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <source>updated</source>
        <translation>aktualisiert</translation>
    </message>
    <message>
        <source>no new edition</source>
        <translation>keine neue Ausgabe</translation>
    </message>
    <message>
        <source>older edition served, kept ours</source>
        <translation>ältere Ausgabe geliefert, unsere behalten</translation>
    </message>
    <message>
        <source>offline, kept ours</source>
        <translation>offline, unsere behalten</translation>
    </message>
    <message>
        <source>failed, kept ours</source>
        <translation>fehlgeschlagen, unsere behalten</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>format not readable</source>
        <translation>Format nicht lesbar</translation>
    </message>
    <message>
        <source>switched off</source>
        <translation>ausgeschaltet</translation>
    </message>
    <message>
        <source>none kept yet</source>
        <extracomment>key, new address: a person edited an address. key, switched on: a person ticked or cleared a source.</extracomment>
        <translation>noch keine gespeichert</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
</context>
<context>
    <name>Values</name>
    <message>
        <source>manufacturer</source>
        <translation>Hersteller</translation>
    </message>
    <message>
        <source>part number</source>
        <translation>Teilenummer</translation>
    </message>
    <message>
        <source>description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>supplier</source>
        <translation>Lieferant</translation>
    </message>
    <message>
        <source>free text</source>
        <translation>Freitext</translation>
    </message>
    <message>
        <source>exact</source>
        <translation>exakt</translation>
    </message>
    <message>
        <source>alias</source>
        <translation>Alias</translation>
    </message>
    <message>
        <source>fuzzy</source>
        <translation>unscharf</translation>
    </message>
    <message>
        <source>pattern</source>
        <translation>Muster</translation>
    </message>
    <message>
        <source>high</source>
        <translation>hoch</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>mittel</translation>
    </message>
    <message>
        <source>low</source>
        <translation>niedrig</translation>
    </message>
    <message>
        <source>listed itself</source>
        <translation>selbst gelistet</translation>
    </message>
    <message>
        <source>subsidiary</source>
        <translation>Tochtergesellschaft</translation>
    </message>
    <message>
        <source>brand</source>
        <translation>Marke</translation>
    </message>
    <message>
        <source>affiliate</source>
        <translation>verbundenes Unternehmen</translation>
    </message>
    <message>
        <source>subordinate</source>
        <translation>nachgeordnete Stelle</translation>
    </message>
    <message>
        <source>organisations</source>
        <translation>Organisationen</translation>
    </message>
    <message>
        <source>persons</source>
        <translation>Personen</translation>
    </message>
    <message>
        <source>vessels</source>
        <translation>Schiffe</translation>
    </message>
    <message>
        <source>aircraft</source>
        <translation>Luftfahrzeuge</translation>
    </message>
</context>
<context>
    <name>Views</name>
    <message>
        <source>Show only review-level findings: weak evidence (a loose part-number pattern or list data of low confidence), marked with an amber ? in the Method column.</source>
        <translation>Nur Befunde auf Prüfstufe zeigen: schwache Belege (ein loses Teilenummernmuster oder Listendaten geringer Verlässlichkeit), mit einem gelben ? in der Spalte Methode markiert.</translation>
    </message>
    <message>
        <source>Manufacturer</source>
        <translation>Hersteller</translation>
    </message>
    <message>
        <source>Part number</source>
        <translation>Teilenummer</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>Lieferant</translation>
    </message>
    <message>
        <source>Exact</source>
        <translation>Exakt</translation>
    </message>
    <message>
        <source>Alias</source>
        <translation>Alias</translation>
    </message>
    <message>
        <source>Fuzzy</source>
        <translation>Unscharf</translation>
    </message>
    <message>
        <source>Pattern (part number)</source>
        <translation>Muster (Teilenummer)</translation>
    </message>
</context>
<context>
    <name>WatchlistsDialog</name>
    <message>
        <source>Watchlists</source>
        <translation>Beobachtungslisten</translation>
    </message>
    <message>
        <source>Search names, aliases, lists, citations…</source>
        <translation>Namen, Aliasse, Listen, Fundstellen suchen…</translation>
    </message>
    <message>
        <source>Import list…</source>
        <translation>Liste importieren…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Add private entry…</source>
        <translation>Privaten Eintrag hinzufügen…</translation>
    </message>
    <message>
        <source>Add alias to selected…</source>
        <translation>Alias zur Auswahl hinzufügen…</translation>
    </message>
    <message>
        <source>built-in</source>
        <translation>eingebaut</translation>
    </message>
    <message>
        <source>this computer</source>
        <translation>dieser Computer</translation>
    </message>
    <message>
        <source>{0}: not imported.</source>
        <translation>{0}: nicht importiert.</translation>
    </message>
    <message>
        <source>{0}: not imported; &apos;{1}&apos; stays as it was.</source>
        <translation>{0}: nicht importiert; &apos;{1}&apos; bleibt, wie es war.</translation>
    </message>
    <message numerus="yes">
        <source>Imported &apos;{name}&apos; (%n entries, {names} names).</source>
        <translation>
            <numerusform>„{name}“ importiert (%n Eintrag, {names} Namen).</numerusform>
            <numerusform>„{name}“ importiert (%n Einträge, {names} Namen).</numerusform>
        </translation>
    </message>
    <message>
        <source>{0} would replace &apos;{1}&apos; by {2}.</source>
        <translation>{0} würde &apos;{1}&apos; durch {2} ersetzen.</translation>
    </message>
    <message>
        <source>Replace list</source>
        <translation>Liste ersetzen</translation>
    </message>
    <message>
        <source>Replace the kept edition anyway?</source>
        <translation>Die gespeicherte Ausgabe trotzdem ersetzen?</translation>
    </message>
    <message>
        <source>Import a watchlist</source>
        <translation>Beobachtungsliste importieren</translation>
    </message>
    <message>
        <source>Lists ({patterns});;All files (*)</source>
        <translation>Listen ({patterns});;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Select an imported list to remove (the built-in list always stays).</source>
        <translation>Wählen Sie eine importierte Liste zum Entfernen aus (die eingebaute Liste bleibt immer).</translation>
    </message>
    <message>
        <source>Remove list</source>
        <translation>Liste entfernen</translation>
    </message>
    <message>
        <source>Stop using and remove &apos;{0}&apos;?</source>
        <translation>„{0}“ nicht mehr verwenden und entfernen?</translation>
    </message>
    <message>
        <source>Add private entry</source>
        <translation>Privaten Eintrag hinzufügen</translation>
    </message>
    <message>
        <source>Company name:</source>
        <translation>Firmenname:</translation>
    </message>
    <message>
        <source>Other names (separate with ;):</source>
        <translation>Weitere Namen (mit ; trennen):</translation>
    </message>
    <message>
        <source>Select an entity to add an alias to.</source>
        <translation>Wählen Sie eine Entität aus, der ein Alias hinzugefügt werden soll.</translation>
    </message>
    <message>
        <source>Add alias</source>
        <translation>Alias hinzufügen</translation>
    </message>
    <message>
        <source>Another name for {0}:</source>
        <translation>Weiterer Name für {0}:</translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <source>Mark confirmed</source>
        <extracomment>The Review menu&apos;s decision actions; called when the menu is built, so the installed language applies.</extracomment>
        <translation>Als bestätigt markieren</translation>
    </message>
    <message>
        <source>Mark false positive</source>
        <translation>Als Fehlalarm markieren</translation>
    </message>
    <message>
        <source>Mark escalated</source>
        <translation>Als eskaliert markieren</translation>
    </message>
    <message>
        <source>Mark pending</source>
        <translation>Als offen markieren</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>Try the &amp;sample BOM</source>
        <translation>Beispiel-Stückliste &amp;ausprobieren</translation>
    </message>
    <message>
        <source>&amp;Export annotated workbook…</source>
        <translation>Annotierte Arbeitsmappe &amp;exportieren…</translation>
    </message>
    <message>
        <source>Export a&amp;ll annotated workbooks…</source>
        <translation>A&amp;lle annotierten Arbeitsmappen exportieren…</translation>
    </message>
    <message>
        <source>Export &amp;report…</source>
        <translation>Be&amp;richt exportieren…</translation>
    </message>
    <message>
        <source>Save &amp;audit as…</source>
        <translation>Prüfung speichern &amp;unter…</translation>
    </message>
    <message>
        <source>Open au&amp;dit…</source>
        <translation>Prüfun&amp;g öffnen…</translation>
    </message>
    <message>
        <source>Apply &amp;previous audit…</source>
        <translation>&amp;Vorherige Prüfung anwenden…</translation>
    </message>
    <message>
        <source>Review &amp;typed decisions in a copy…</source>
        <translation>Ge&amp;tippte Entscheidungen in einer Kopie prüfen…</translation>
    </message>
    <message>
        <source>&amp;Batch screen folder…</source>
        <translation>Ordner im &amp;Stapel prüfen…</translation>
    </message>
    <message>
        <source>&amp;Close file</source>
        <translation>Datei sc&amp;hließen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Review</source>
        <translation>&amp;Prüfung</translation>
    </message>
    <message>
        <source>&amp;Accept suggestion</source>
        <translation>Vorschlag &amp;annehmen</translation>
    </message>
    <message>
        <source>&amp;Undo decision</source>
        <translation>Entscheidung &amp;rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo decision</source>
        <translation>Entscheidung &amp;wiederholen</translation>
    </message>
    <message>
        <source>Edit &amp;note…</source>
        <translation>&amp;Notiz bearbeiten…</translation>
    </message>
    <message>
        <source>Show in &amp;sheet</source>
        <translation>Im &amp;Blatt zeigen</translation>
    </message>
    <message>
        <source>&amp;Reviewer name…</source>
        <translation>Name des Prü&amp;fers…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Findings</source>
        <translation>&amp;Befunde</translation>
    </message>
    <message>
        <source>&amp;By value</source>
        <translation>Nach &amp;Wert</translation>
    </message>
    <message>
        <source>&amp;Whole sheet &amp;&amp; columns</source>
        <translation>&amp;Ganzes Blatt &amp;&amp; Spalten</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>E&amp;xtras</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Watchlists…</source>
        <translation>Beobachtungs&amp;listen…</translation>
    </message>
    <message>
        <source>&amp;Update lists…</source>
        <translation>Listen &amp;aktualisieren…</translation>
    </message>
    <message>
        <source>Open &amp;data folder</source>
        <translation>&amp;Datenordner öffnen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>&amp;Protokollordner öffnen</translation>
    </message>
    <message>
        <source>&amp;About BOM Auditor</source>
        <translation>Über BOM &amp;Auditor</translation>
    </message>
</context>
<context>
    <name>_DiffWords</name>
    <message numerus="yes">
        <source>%n new hit(s)</source>
        <translation>
            <numerusform>%n neuer Treffer</numerusform>
            <numerusform>%n neue Treffer</numerusform>
        </translation>
    </message>
    <message>
        <source>{n} resolved</source>
        <translation>{n} erledigt</translation>
    </message>
    <message>
        <source>{n} with a changed list entry</source>
        <translation>{n} mit geändertem Listeneintrag</translation>
    </message>
    <message numerus="yes">
        <source>%n decision(s) carried over</source>
        <translation>
            <numerusform>%n Entscheidung übernommen</numerusform>
            <numerusform>%n Entscheidungen übernommen</numerusform>
        </translation>
    </message>
    <message>
        <source>{n} unchanged</source>
        <translation>{n} unverändert</translation>
    </message>
</context>
</TS>
