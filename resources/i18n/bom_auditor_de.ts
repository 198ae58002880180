<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>Banner</name>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
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
        <extracomment>Short words for the table (export.DIFF_LABELS has the long ones for the report). The fill each kind is shown with (a decision colour of the same meaning).</extracomment>
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
    <name>Languages</name>
    <message>
        <source>System default</source>
        <extracomment>Overrides the language chosen in Settings (tests and screenshots): &quot;en&quot; or &quot;de&quot;.</extracomment>
        <translation>Systemvorgabe</translation>
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
        <extracomment>How a method reads in a table: &quot;part number&quot; would read like the Field column beside it.</extracomment>
        <translation>{label}: vorgeschlagen {suggested}</translation>
    </message>
    <message>
        <source>{label} (remembered)</source>
        <translation>{label} (gemerkt)</translation>
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
    <name>SheetTableModel</name>
    <message>
        <source>{title}
Screened as {role}</source>
        <translation>{title}
Geprüft als {role}</translation>
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
        <source>BOM Auditor stopped unexpectedly last time; the details are in {path} (please send that file with your report).</source>
        <translation>BOM Auditor wurde beim letzten Mal unerwartet beendet; die Einzelheiten stehen in {path} (bitte senden Sie diese Datei mit Ihrer Meldung).</translation>
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
</TS>
