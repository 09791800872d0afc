<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name></name>
    <message>
        <location filename="../texts.py" line="32"/>
        <source>PASS</source>
        <translation>i.O.</translation>
    </message>
    <message>
        <location filename="../texts.py" line="32"/>
        <source>FAIL</source>
        <translation>n.i.O.</translation>
    </message>
    <message>
        <location filename="../texts.py" line="32"/>
        <source>ERROR</source>
        <translation>STÖRUNG</translation>
    </message>
    <message>
        <location filename="../texts.py" line="33"/>
        <source>ABORTED</source>
        <translation>ABGEBROCHEN</translation>
    </message>
    <message>
        <location filename="../texts.py" line="50"/>
        <source>not measured</source>
        <translation>nicht gemessen</translation>
    </message>
    <message>
        <location filename="../texts.py" line="52"/>
        <source>not reached</source>
        <translation>nicht erreicht</translation>
    </message>
    <message>
        <location filename="../texts.py" line="63"/>
        <source>Out of spec: </source>
        <translation>Außerhalb der Spezifikation: </translation>
    </message>
    <message>
        <location filename="../texts.py" line="64"/>
        <source> and %1 more</source>
        <translation> und %1 weitere</translation>
    </message>
    <message>
        <location filename="../texts.py" line="66"/>
        <source>The rig could not measure: </source>
        <translation>Der Prüfstand konnte nicht messen: </translation>
    </message>
    <message>
        <location filename="../texts.py" line="66"/>
        <source>unknown fault</source>
        <translation>unbekannte Störung</translation>
    </message>
    <message>
        <location filename="../texts.py" line="68"/>
        <source>Stopped: </source>
        <translation>Abgebrochen: </translation>
    </message>
    <message>
        <location filename="../texts.py" line="68"/>
        <source>aborted</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <location filename="../texts.py" line="69"/>
        <source>%1 is within spec</source>
        <translation>%1 ist innerhalb der Spezifikation</translation>
    </message>
    <message>
        <location filename="../texts.py" line="77"/>
        <source>Probable cause: %1</source>
        <translation>Wahrscheinliche Ursache: %1</translation>
    </message>
    <message>
        <location filename="../texts.py" line="87"/>
        <source>%1, motor %2</source>
        <translation>%1, Motor %2</translation>
    </message>
    <message>
        <location filename="../texts.py" line="89"/>
        <source>watch: %1</source>
        <translation>beobachten: %1</translation>
    </message>
    <message>
        <location filename="../texts.py" line="96"/>
        <source>weak magnet</source>
        <translation>schwacher Magnet</translation>
    </message>
    <message>
        <location filename="../texts.py" line="96"/>
        <source>bearing wear</source>
        <translation>Lagerverschleiß</translation>
    </message>
    <message>
        <location filename="../texts.py" line="97"/>
        <source>shorted turns</source>
        <translation>Windungsschluss</translation>
    </message>
    <message>
        <location filename="../texts.py" line="97"/>
        <source>brush wear</source>
        <translation>Bürstenverschleiß</translation>
    </message>
    <message>
        <location filename="../texts.py" line="98"/>
        <source>loose eccentric</source>
        <translation>lose Unwuchtmasse</translation>
    </message>
    <message>
        <location filename="../texts.py" line="98"/>
        <source>misalignment</source>
        <translation>Fluchtungsfehler</translation>
    </message>
    <message>
        <location filename="../texts.py" line="99"/>
        <source>blocked vent</source>
        <translation>verstopfte Lüftung</translation>
    </message>
    <message>
        <location filename="../texts.py" line="99"/>
        <source>dead motor B</source>
        <translation>Motor B ausgefallen</translation>
    </message>
    <message>
        <location filename="../texts.py" line="100"/>
        <source>seized rotor</source>
        <translation>blockierter Rotor</translation>
    </message>
    <message>
        <location filename="../texts.py" line="100"/>
        <source>intermittent cord</source>
        <translation>Wackelkontakt im Kabel</translation>
    </message>
    <message>
        <location filename="../texts.py" line="101"/>
        <source>wear-out</source>
        <translation>Verschleiß</translation>
    </message>
    <message>
        <location filename="../texts.py" line="101"/>
        <source>no known defect</source>
        <translation>kein bekannter Fehler</translation>
    </message>
    <message>
        <location filename="../texts.py" line="108"/>
        <source>%1 passed: label and pack it.</source>
        <translation>%1 ist i.O.: etikettieren und verpacken.</translation>
    </message>
    <message>
        <location filename="../texts.py" line="110"/>
        <source>Send %1 to repair.</source>
        <translation>%1 in die Reparatur geben.</translation>
    </message>
    <message>
        <location filename="../texts.py" line="114"/>
        <source>Reseat %1 on the fixture and retest it.</source>
        <translation>%1 neu in die Aufnahme setzen und nochmals prüfen.</translation>
    </message>
    <message>
        <location filename="../texts.py" line="115"/>
        <source>Reseat %1 on the fixture and retest it (retests left: %2).</source>
        <translation>%1 neu in die Aufnahme setzen und nochmals prüfen (verbleibende Wiederholungen: %2).</translation>
    </message>
    <message>
        <location filename="../texts.py" line="118"/>
        <source>The rig could not test %1: fix the station, then test it again (not a retest).</source>
        <translation>Der Prüfstand konnte %1 nicht prüfen: Station instand setzen, dann erneut prüfen (keine Wiederholungsprüfung).</translation>
    </message>
    <message>
        <location filename="../texts.py" line="120"/>
        <source>%1 was not judged: test it again when ready.</source>
        <translation>%1 wurde nicht bewertet: erneut prüfen, sobald bereit.</translation>
    </message>
    <message>
        <location filename="../texts.py" line="127"/>
        <source>No serial scanned.</source>
        <translation>Keine Seriennummer gescannt.</translation>
    </message>
    <message>
        <location filename="../texts.py" line="128"/>
        <source>%1 is not a serial of the %2 (expected the form %3). Check the product and scan again.</source>
        <translation>%1 ist keine Seriennummer des Produkts %2 (erwartet wird die Form %3). Produkt prüfen und erneut scannen.</translation>
    </message>
    <message>
        <location filename="../texts.py" line="130"/>
        <source>%1 has failed %2 times: send it to %3, do not test it again.</source>
        <translation>%1 ist %2-mal n.i.O.: Ziel %3, nicht erneut prüfen.</translation>
    </message>
    <message>
        <location filename="../texts.py" line="131"/>
        <source>Batch %2 holds %3 units; one product per batch: start a new batch for the %4.</source>
        <translation>Los %2 enthält Geräte vom Typ %3; ein Produkt je Los: ein neues Los für %4 beginnen.</translation>
    </message>
    <message>
        <location filename="../texts.py" line="133"/>
        <source>Batch %2 is closed: certificate %3 was issued for it. Test %1 into a new batch, e.g. a rework batch.</source>
        <translation>Los %2 ist abgeschlossen: Zertifikat %3 wurde dafür ausgestellt. %1 in einem neuen Los prüfen, z. B. einem Nacharbeitslos.</translation>
    </message>
    <message>
        <location filename="../texts.py" line="135"/>
        <source>%1: calibration was due on %2; have it recalibrated before testing.</source>
        <translation>%1: Kalibrierung war am %2 fällig; vor dem Prüfen neu kalibrieren lassen.</translation>
    </message>
    <message>
        <location filename="../texts.py" line="136"/>
        <source>Check the station, then press Reconnect: %1.</source>
        <translation>Station prüfen, dann „Neu verbinden“ drücken: %1.</translation>
    </message>
    <message>
        <location filename="../texts.py" line="137"/>
        <source>Unknown product %1.</source>
        <translation>Unbekanntes Produkt %1.</translation>
    </message>
    <message>
        <location filename="../texts.py" line="152"/>
        <source>First-pass yield today %1 (%2/%3 units); runs: %4</source>
        <translation>Erstdurchlaufquote heute %1 (%2/%3 Geräte); Prüfläufe: %4</translation>
    </message>
    <message>
        <location filename="../texts.py" line="155"/>
        <source>; %1 retested from before</source>
        <translation>; %1 aus früheren Schichten nachgeprüft</translation>
    </message>
    <message>
        <location filename="../texts.py" line="161"/>
        <source>technician</source>
        <translation>Prüfer</translation>
    </message>
    <message>
        <location filename="../texts.py" line="161"/>
        <source>engineer</source>
        <translation>Ingenieur</translation>
    </message>
    <message>
        <location filename="../texts.py" line="162"/>
        <source>administrator</source>
        <translation>Administrator</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <location filename="../history_view.py" line="65"/>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <location filename="../history_view.py" line="66"/>
        <source>scan or type a serial and press Enter</source>
        <translation>Seriennummer scannen oder eingeben und Enter drücken</translation>
    </message>
    <message>
        <location filename="../history_view.py" line="67"/>
        <source>Back to testing</source>
        <translation>Zurück zum Prüfen</translation>
    </message>
    <message>
        <location filename="../history_view.py" line="69"/>
        <source>Started (UTC)</source>
        <translation>Beginn (UTC)</translation>
    </message>
    <message>
        <location filename="../history_view.py" line="69"/>
        <source>Verdict</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location filename="../history_view.py" line="69"/>
        <source>Sequence</source>
        <translation>Ablauf</translation>
    </message>
    <message>
        <location filename="../history_view.py" line="69"/>
        <source>Batch</source>
        <translation>Los</translation>
    </message>
    <message>
        <location filename="../history_view.py" line="70"/>
        <source>Operator</source>
        <translation>Bediener</translation>
    </message>
    <message>
        <location filename="../history_view.py" line="70"/>
        <source>Station</source>
        <translation>Station</translation>
    </message>
    <message>
        <location filename="../history_view.py" line="70"/>
        <source>What failed / record</source>
        <translation>Was n.i.O. war / Datensatz</translation>
    </message>
    <message>
        <location filename="../history_view.py" line="81"/>
        <source>No runs of %1 in the results index.</source>
        <translation>Keine Prüfläufe von %1 im Ergebnisindex.</translation>
    </message>
    <message>
        <location filename="../history_view.py" line="84"/>
        <source>%1: %2 run(s), oldest first: %3</source>
        <translation>%1: %2 Prüflauf/Prüfläufe, älteste zuerst: %3</translation>
    </message>
</context>
<context>
    <name>LivePlots</name>
    <message>
        <location filename="../plots.py" line="38"/>
        <source>Motor current (A)</source>
        <translation>Motorstrom (A)</translation>
    </message>
    <message>
        <location filename="../plots.py" line="39"/>
        <source>Speed (rpm)</source>
        <translation>Drehzahl (1/min)</translation>
    </message>
    <message>
        <location filename="../plots.py" line="40"/>
        <source>Temperature (°C)</source>
        <translation>Temperatur (°C)</translation>
    </message>
    <message>
        <location filename="../plots.py" line="44"/>
        <source>waiting for the first capture</source>
        <translation>warte auf die erste Aufnahme</translation>
    </message>
    <message>
        <location filename="../plots.py" line="45"/>
        <source>waiting for the spin-up</source>
        <translation>warte auf den Hochlauf</translation>
    </message>
    <message>
        <location filename="../plots.py" line="46"/>
        <source>waiting for the first reading</source>
        <translation>warte auf den ersten Messwert</translation>
    </message>
    <message>
        <location filename="../plots.py" line="49"/>
        <source>no reading in view: the last was at %1 s</source>
        <translation>kein Messwert im Bild: der letzte war bei %1 s</translation>
    </message>
    <message>
        <location filename="../plots.py" line="50"/>
        <source>run time (s)</source>
        <translation>Laufzeit (s)</translation>
    </message>
    <message>
        <location filename="../plots.py" line="58"/>
        <source>housing</source>
        <translation>Gehäuse</translation>
    </message>
    <message>
        <location filename="../plots.py" line="59"/>
        <source>handle</source>
        <translation>Griff</translation>
    </message>
    <message>
        <location filename="../plots.py" line="60"/>
        <source>head</source>
        <translation>Kopf</translation>
    </message>
    <message>
        <location filename="../plots.py" line="61"/>
        <source>ambient</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <location filename="../plots.py" line="69"/>
        <source>Head %1 acceleration (g)</source>
        <translation>Kopf %1 Beschleunigung (g)</translation>
    </message>
    <message>
        <location filename="../plots.py" line="69"/>
        <source>time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location filename="../plots.py" line="70"/>
        <source>Head %1 spectrum (g peak)</source>
        <translation>Kopf %1 Spektrum (g Spitze)</translation>
    </message>
    <message>
        <location filename="../plots.py" line="71"/>
        <source>frequency</source>
        <translation>Frequenz</translation>
    </message>
    <message>
        <location filename="../plots.py" line="71"/>
        <source>safety limit %1 °C</source>
        <translation>Sicherheitsgrenze %1 °C</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="154"/>
        <source>Massager test station · %1</source>
        <translation>Massagegeräte-Prüfstation · %1</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="155"/>
        <source>Sign out</source>
        <translation>Abmelden</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="156"/>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="157"/>
        <source>Users</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="158"/>
        <source>Engineering</source>
        <translation>Entwicklung</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="168"/>
        <source>Operator: &lt;b&gt;%1&lt;/b&gt; (%2)</source>
        <translation>Bediener: &lt;b&gt;%1&lt;/b&gt; (%2)</translation>
    </message>
</context>
<context>
    <name>PinConfirmation</name>
    <message>
        <location filename="../pin_confirm.py" line="20"/>
        <source>Confirm with your PIN</source>
        <translation>Mit Ihrer PIN bestätigen</translation>
    </message>
    <message>
        <location filename="../pin_confirm.py" line="23"/>
        <source>PIN of %1</source>
        <translation>PIN von %1</translation>
    </message>
    <message>
        <location filename="../pin_confirm.py" line="38"/>
        <source>Wrong PIN.</source>
        <translation>Falsche PIN.</translation>
    </message>
</context>
<context>
    <name>PromptPanel</name>
    <message>
        <location filename="../prompt_panel.py" line="73"/>
        <source>Done (Enter)</source>
        <translation>Erledigt (Enter)</translation>
    </message>
    <message>
        <location filename="../prompt_panel.py" line="74"/>
        <source>Cancel (Esc)</source>
        <translation>Abbrechen (Esc)</translation>
    </message>
    <message>
        <location filename="../prompt_panel.py" line="117"/>
        <source>Before the test: %1 of %2</source>
        <translation>Vor der Prüfung: %1 von %2</translation>
    </message>
    <message>
        <location filename="../prompt_panel.py" line="127"/>
        <source>Closing the lid confirms it.</source>
        <translation>Das Schließen des Deckels bestätigt.</translation>
    </message>
</context>
<context>
    <name>RunView</name>
    <message>
        <location filename="../run_view.py" line="60"/>
        <source>ABORT (Esc)</source>
        <translation>ABBRECHEN (Esc)</translation>
    </message>
    <message>
        <location filename="../run_view.py" line="64"/>
        <location filename="../run_view.py" line="133"/>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <location filename="../run_view.py" line="101"/>
        <location filename="../run_view.py" line="109"/>
        <source>TESTING</source>
        <translation>PRÜFUNG LÄUFT</translation>
    </message>
    <message>
        <location filename="../run_view.py" line="103"/>
        <source>Step %1: %2</source>
        <translation>Schritt %1: %2</translation>
    </message>
    <message>
        <location filename="../run_view.py" line="122"/>
        <source>%1 s left</source>
        <translation>noch %1 s</translation>
    </message>
    <message>
        <location filename="../run_view.py" line="126"/>
        <source>STOPPING</source>
        <translation>WIRD GESTOPPT</translation>
    </message>
    <message>
        <location filename="../run_view.py" line="126"/>
        <source>switching the supply off</source>
        <translation>Netzgerät wird abgeschaltet</translation>
    </message>
    <message>
        <location filename="../run_view.py" line="160"/>
        <source>Check the station, then test the unit again.</source>
        <translation>Station prüfen, dann das Gerät erneut prüfen.</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <location filename="../sign_in.py" line="24"/>
        <source>Unknown operator or wrong PIN.</source>
        <translation>Unbekannter Bediener oder falsche PIN.</translation>
    </message>
    <message>
        <location filename="../sign_in.py" line="25"/>
        <source>This PIN was for the first sign-in only: choose your own PIN of at least 4 digits, type it twice, then press Enter.</source>
        <translation>Diese PIN galt nur für die erste Anmeldung: eigene PIN mit mindestens 4 Ziffern wählen, zweimal eingeben, dann Enter drücken.</translation>
    </message>
    <message>
        <location filename="../sign_in.py" line="27"/>
        <source>The two new PINs differ.</source>
        <translation>Die beiden neuen PINs stimmen nicht überein.</translation>
    </message>
    <message>
        <location filename="../sign_in.py" line="28"/>
        <source>The new PIN must have at least 4 digits.</source>
        <translation>Die neue PIN muss mindestens 4 Ziffern haben.</translation>
    </message>
    <message>
        <location filename="../sign_in.py" line="104"/>
        <source>Massager test station %1</source>
        <translation>Massagegeräte-Prüfstation %1</translation>
    </message>
    <message>
        <location filename="../sign_in.py" line="105"/>
        <source>Operator</source>
        <translation>Bediener</translation>
    </message>
    <message>
        <location filename="../sign_in.py" line="105"/>
        <location filename="../sign_in.py" line="109"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../sign_in.py" line="105"/>
        <source>New PIN</source>
        <translation>Neue PIN</translation>
    </message>
    <message>
        <location filename="../sign_in.py" line="106"/>
        <source>Repeat</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <location filename="../sign_in.py" line="106"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../sign_in.py" line="108"/>
        <source>operator id</source>
        <translation>Bediener-Kennung</translation>
    </message>
    <message>
        <location filename="../sign_in.py" line="110"/>
        <source>new PIN, at least 4 digits</source>
        <translation>neue PIN, mindestens 4 Ziffern</translation>
    </message>
    <message>
        <location filename="../sign_in.py" line="111"/>
        <source>the new PIN again</source>
        <translation>die neue PIN noch einmal</translation>
    </message>
    <message>
        <location filename="../sign_in.py" line="116"/>
        <source>Set PIN and sign in</source>
        <translation>PIN setzen und anmelden</translation>
    </message>
    <message>
        <location filename="../sign_in.py" line="116"/>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
</context>
<context>
    <name>StationPanel</name>
    <message>
        <location filename="../station_panel.py" line="59"/>
        <source>Instrument</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <location filename="../station_panel.py" line="59"/>
        <source>Identity</source>
        <translation>Kennung</translation>
    </message>
    <message>
        <location filename="../station_panel.py" line="59"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location filename="../station_panel.py" line="60"/>
        <source>Calibration due</source>
        <translation>Kalibrierung fällig</translation>
    </message>
    <message>
        <location filename="../station_panel.py" line="87"/>
        <source>(OVERDUE)</source>
        <translation>(ÜBERFÄLLIG)</translation>
    </message>
    <message>
        <location filename="../station_panel.py" line="103"/>
        <source>Reconnect</source>
        <translation>Neu verbinden</translation>
    </message>
    <message>
        <location filename="../station_panel.py" line="108"/>
        <source>supply</source>
        <translation>Netzgerät</translation>
    </message>
    <message>
        <location filename="../station_panel.py" line="108"/>
        <source>vibration DAQ</source>
        <translation>Schwingungs-DAQ</translation>
    </message>
    <message>
        <location filename="../station_panel.py" line="109"/>
        <source>current DAQ</source>
        <translation>Strom-DAQ</translation>
    </message>
    <message>
        <location filename="../station_panel.py" line="109"/>
        <source>thermometer</source>
        <translation>Thermometer</translation>
    </message>
    <message>
        <location filename="../station_panel.py" line="110"/>
        <source>tachometer</source>
        <translation>Drehzahlmesser</translation>
    </message>
    <message>
        <location filename="../station_panel.py" line="110"/>
        <source>fixture</source>
        <translation>Aufnahme</translation>
    </message>
    <message>
        <location filename="../station_panel.py" line="111"/>
        <source>interlock</source>
        <translation>Sicherheitsrelais</translation>
    </message>
    <message>
        <location filename="../station_panel.py" line="115"/>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <location filename="../station_panel.py" line="115"/>
        <source>fault</source>
        <translation>Störung</translation>
    </message>
    <message>
        <location filename="../station_panel.py" line="116"/>
        <source>disconnected</source>
        <translation>getrennt</translation>
    </message>
</context>
<context>
    <name>StepList</name>
    <message>
        <location filename="../step_list.py" line="43"/>
        <source>Step / measurement</source>
        <translation>Schritt / Messung</translation>
    </message>
    <message>
        <location filename="../step_list.py" line="43"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../step_list.py" line="43"/>
        <source>Limits</source>
        <translation>Grenzen</translation>
    </message>
    <message>
        <location filename="../step_list.py" line="44"/>
        <source>Verdict</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location filename="../step_list.py" line="48"/>
        <location filename="../step_list.py" line="58"/>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <location filename="../step_list.py" line="50"/>
        <location filename="../step_list.py" line="64"/>
        <source>running…</source>
        <translation>läuft…</translation>
    </message>
    <message>
        <location filename="../step_list.py" line="52"/>
        <location filename="../step_list.py" line="95"/>
        <source>not run</source>
        <translation>nicht gelaufen</translation>
    </message>
</context>
<context>
    <name>UsersAdmin</name>
    <message>
        <location filename="../users_admin.py" line="159"/>
        <source>Make %1 %2.</source>
        <translation>%1 wird %2.</translation>
    </message>
    <message>
        <location filename="../users_admin.py" line="162"/>
        <source>Not changed: not confirmed with your PIN.</source>
        <translation>Nicht geändert: nicht mit Ihrer PIN bestätigt.</translation>
    </message>
    <message>
        <location filename="../users_admin.py" line="70"/>
        <source>Users</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <location filename="../users_admin.py" line="71"/>
        <source>Operator id</source>
        <translation>Bediener-Kennung</translation>
    </message>
    <message>
        <location filename="../users_admin.py" line="71"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../users_admin.py" line="71"/>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <location filename="../users_admin.py" line="72"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location filename="../users_admin.py" line="73"/>
        <source>new operator id</source>
        <translation>neue Bediener-Kennung</translation>
    </message>
    <message>
        <location filename="../users_admin.py" line="74"/>
        <source>full name</source>
        <translation>vollständiger Name</translation>
    </message>
    <message>
        <location filename="../users_admin.py" line="75"/>
        <source>Add user</source>
        <translation>Benutzer anlegen</translation>
    </message>
    <message>
        <location filename="../users_admin.py" line="76"/>
        <source>Disable / enable</source>
        <translation>Sperren / entsperren</translation>
    </message>
    <message>
        <location filename="../users_admin.py" line="77"/>
        <source>Reset PIN</source>
        <translation>PIN zurücksetzen</translation>
    </message>
    <message>
        <location filename="../users_admin.py" line="78"/>
        <source>Give the chosen role</source>
        <translation>Gewählte Rolle zuweisen</translation>
    </message>
    <message>
        <location filename="../users_admin.py" line="79"/>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <location filename="../users_admin.py" line="91"/>
        <source>active</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <location filename="../users_admin.py" line="91"/>
        <source>disabled</source>
        <translation>gesperrt</translation>
    </message>
    <message>
        <location filename="../users_admin.py" line="124"/>
        <source>Give the new user&apos;s full name.</source>
        <translation>Den vollständigen Namen des neuen Benutzers angeben.</translation>
    </message>
    <message>
        <location filename="../users_admin.py" line="128"/>
        <source>Added %1 (%2). One-time PIN to hand over: %3</source>
        <translation>%1 (%2) angelegt. Einmal-PIN zum Übergeben: %3</translation>
    </message>
    <message>
        <location filename="../users_admin.py" line="140"/>
        <source>%1 may sign in again.</source>
        <translation>%1 darf sich wieder anmelden.</translation>
    </message>
    <message>
        <location filename="../users_admin.py" line="140"/>
        <source>%1 is disabled.</source>
        <translation>%1 ist gesperrt.</translation>
    </message>
    <message>
        <location filename="../users_admin.py" line="150"/>
        <source>New one-time PIN for %1: %2</source>
        <translation>Neue Einmal-PIN für %1: %2</translation>
    </message>
    <message>
        <location filename="../users_admin.py" line="164"/>
        <source>%1 is now %2.</source>
        <translation>%1 ist jetzt %2.</translation>
    </message>
</context>
<context>
    <name>VerdictBanner</name>
    <message>
        <location filename="../banner.py" line="40"/>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <location filename="../banner.py" line="59"/>
        <source>NOT STARTED</source>
        <translation>NICHT GESTARTET</translation>
    </message>
    <message>
        <location filename="../banner.py" line="72"/>
        <source>The station software failed: %1</source>
        <translation>Die Stationssoftware ist ausgefallen: %1</translation>
    </message>
</context>
<context>
    <name>VerdictScreen</name>
    <message>
        <location filename="../verdict_screen.py" line="60"/>
        <source>OK: next unit (Enter, or scan it)</source>
        <translation>OK: nächstes Gerät (Enter, oder scannen)</translation>
    </message>
    <message>
        <location filename="../verdict_screen.py" line="79"/>
        <source>The station software failed: %1</source>
        <translation>Die Stationssoftware ist ausgefallen: %1</translation>
    </message>
    <message>
        <location filename="../verdict_screen.py" line="81"/>
        <source>Check the station, then test the unit again.</source>
        <translation>Station prüfen, dann das Gerät erneut prüfen.</translation>
    </message>
</context>
<context>
    <name>WorkChooser</name>
    <message>
        <location filename="../work_chooser.py" line="72"/>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <location filename="../work_chooser.py" line="72"/>
        <source>Sequence</source>
        <translation>Ablauf</translation>
    </message>
    <message>
        <location filename="../work_chooser.py" line="72"/>
        <source>Batch</source>
        <translation>Los</translation>
    </message>
    <message>
        <location filename="../work_chooser.py" line="73"/>
        <source>Serial</source>
        <translation>Seriennummer</translation>
    </message>
    <message>
        <location filename="../work_chooser.py" line="75"/>
        <source>batch / work order</source>
        <translation>Los / Fertigungsauftrag</translation>
    </message>
    <message>
        <location filename="../work_chooser.py" line="76"/>
        <source>scan the unit&apos;s serial, or type it and press Enter</source>
        <translation>Seriennummer des Geräts scannen, oder eingeben und Enter drücken</translation>
    </message>
    <message>
        <location filename="../work_chooser.py" line="77"/>
        <source>Start</source>
        <translation>Start</translation>
    </message>
</context>
<context>
    <name>self.page</name>
    <message>
        <location filename="../early_sign_in.py" line="57"/>
        <source>Opening the station…</source>
        <translation>Die Station wird geöffnet…</translation>
    </message>
</context>
</TS>
