<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
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
    <name>SettingsDialog</name>
    <message numerus="yes">
        <source>%n remembered decision(s)</source>
        <translation>
            <numerusform>%n remembered decision</numerusform>
            <numerusform>%n remembered decisions</numerusform>
        </translation>
    </message>
</context>
</TS>
