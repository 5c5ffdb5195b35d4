"""Demo content of the knowledge base: help articles in German and French.

Written for the demo as real help content for the programme's schools
(steps, checks, what to tell the helpdesk). Not translatable strings: each
article is written in its language. `manage.py demo` loads them
(pupitre/demo/kb.py); the search evaluation set (kb/evaluation.py) refers to
them by their key.
"""

import uuid
from dataclasses import dataclass

NAMESPACE = uuid.UUID("6d1f3c52-8a4e-4c1b-9d0e-2f7a5b8c9e10")

HARDWARE, PROBLEM, PROCEDURE = "hardware", "problem", "procedure"
REMOTE_HARDWARE, REMOTE_TOOLS, ONSITE, QUESTION = (
    "remote_hardware",
    "remote_tools",
    "onsite",
    "question",
)
DISPLAYS = (
    'Promethean ActivPanel 9 Premium 75"',
    'Promethean ActivPanel Nickel 75"',
    'Clevertouch UX Pro 2 75"',
    "SMART Board 6075",
    "Samsung Flip 2 WM65R",
)
LAPTOPS_WINDOWS = (
    "HP ProBook 450 G4",
    "HP ProBook 450 G8",
    "HP ProBook 450 G10",
    "Lenovo ThinkPad E570",
    "Lenovo ThinkPad L14 Gen 2",
    "Lenovo ThinkPad L14 Gen 4",
    "Dell Latitude 3190 2-in-1",
    "Acer TravelMate Spin B3",
)
CHROMEBOOKS = ("Acer Chromebook 314",)
IPADS = (
    "Apple iPad (6th generation)",
    "Apple iPad (9th generation)",
    "Apple iPad (10th generation)",
)
GALAXY_TABS = ("Samsung Galaxy Tab A 10.1", "Samsung Galaxy Tab S6 Lite", "Samsung Galaxy Tab A9+")
PROJECTORS = ("Epson EB-680Wi", "Epson EB-695Wi", "Epson EB-L210SF")
ACCESS_POINTS = (
    "Ubiquiti UniFi AP AC Pro",
    "Ubiquiti UniFi U6 Pro",
    "Aruba Instant On AP22",
    "Aruba AP-505",
)


@dataclass(frozen=True)
class Version:
    title: str
    summary: str
    body: str


@dataclass(frozen=True)
class DemoArticle:
    key: str
    kind: str
    categories: tuple[str, ...]
    models: tuple[str, ...]  # str(DeviceModel): "Manufacturer Name"
    de: Version | None
    fr: Version | None
    internal: bool = False
    drafts: tuple[str, ...] = ()  # languages whose version stays a draft

    @property
    def translation_key(self) -> uuid.UUID:
        return translation_key(self.key)


def translation_key(key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, key)


# Help content, one article per block: kept as written.
# fmt: off
ARTICLES: tuple[DemoArticle, ...] = (
    DemoArticle(
        "display-calibration", PROCEDURE, (REMOTE_HARDWARE,), DISPLAYS,
        de=Version(
            "Interaktives Display kalibrieren",
            "Der Stift oder der Finger trifft daneben? So kalibrieren Sie die Touch-Erkennung des Displays in fünf Minuten.",
            """Wenn der Strich nicht genau unter dem Stift erscheint oder Berührungen am Rand nicht erkannt werden, muss die Touch-Erkennung neu **kalibriert** werden.

## Vorher prüfen
- Das USB-Touch-Kabel (USB-B oder USB-C) steckt am Display **und** am Laptop.
- Die Oberfläche ist sauber und trocken: Staub und Fingerfett am Rahmen stören die Infrarot-Sensoren.
- Es liegt nichts auf der unteren Ablage, das den Rahmen berührt.

## Kalibrierung
1. Halten Sie auf dem Display das **Einstellungen**-Symbol (Zahnrad) gedrückt oder öffnen Sie das Menü mit der Taste *Menu* auf der Fernbedienung.
2. Wählen Sie **Touch** › **Kalibrierung** (bei SMART: *SMART Einstellungen* › *Ausrichten*).
3. Tippen Sie mit dem Stift genau in die Mitte jedes Kreuzes, das erscheint, und halten Sie den Stift eine Sekunde.
4. Bestätigen Sie am Ende mit **Speichern**.
5. Testen Sie in allen vier Ecken mit einem Strich im Whiteboard-Programm.

> **Tipp:** Kalibrieren Sie im Stehen vor der Mitte des Displays, nicht schräg von der Seite.

## Wenn es nicht hilft
Schalten Sie das Display 30 Sekunden ganz aus (Netzschalter hinten) und wiederholen Sie die Kalibrierung. Bleibt der Versatz, melden Sie sich beim Helpdesk mit:
- der Inventarnummer des Displays (Aufkleber hinten unten rechts),
- dem Raum und seit wann das Problem besteht,
- einem Foto des Versatzes, wenn möglich.""",
        ),
        fr=Version(
            "Calibrer l'écran interactif",
            "Le stylet ou le doigt écrit à côté ? Recalibrez la détection tactile de l'écran en cinq minutes.",
            """Quand le trait n'apparaît pas exactement sous le stylet, ou que les bords ne réagissent plus, il faut **calibrer** à nouveau la détection tactile du tableau interactif.

## Vérifier d'abord
- Le câble USB tactile (USB-B ou USB-C) est branché sur l'écran **et** sur l'ordinateur portable.
- La surface est propre et sèche : la poussière et les traces de doigts sur le cadre gênent les capteurs infrarouges.
- Rien ne touche le cadre (marqueurs, gobelet sur la tablette du bas).

## Calibrage
1. Sur l'écran, appuyez longuement sur l'icône **Paramètres** (roue dentée) ou ouvrez le menu avec la touche *Menu* de la télécommande.
2. Choisissez **Tactile** › **Calibrage** (SMART : *Paramètres SMART* › *Orienter*).
3. Touchez avec le stylet le centre exact de chaque croix affichée et gardez le stylet une seconde.
4. Terminez par **Enregistrer**.
5. Testez les quatre coins avec un trait dans le logiciel de tableau blanc.

> **Astuce :** calibrez debout, face au milieu de l'écran, pas de biais.

## Si cela ne suffit pas
Éteignez complètement l'écran 30 secondes (interrupteur à l'arrière) puis recommencez. Si le décalage reste, contactez le helpdesk en indiquant :
- le numéro d'inventaire de l'écran (étiquette en bas à droite, à l'arrière),
- la classe et depuis quand le problème existe,
- si possible une photo du décalage.""",
        ),
    ),
    DemoArticle(
        "display-input-selection", PROBLEM, (REMOTE_HARDWARE,), DISPLAYS,
        de=Version(
            "Display zeigt „Kein Signal“: den richtigen Eingang wählen",
            "Das Display ist an, aber das Bild des Laptops fehlt? Meist ist nur die falsche Quelle gewählt.",
            """Das Display startet, zeigt aber „Kein Signal“ oder seinen eigenen Startbildschirm statt des Laptops.

## Eingang wählen
1. Tippen Sie unten in der Mitte auf das **Quelle**-Symbol (Pfeil in ein Rechteck) oder drücken Sie *Input/Source* auf der Fernbedienung.
2. Wählen Sie den Anschluss, an dem das Kabel steckt: **HDMI 1**, **HDMI 2** (vorn), **USB-C** oder **Front-HDMI**. Die Anschlüsse sind am Gerät beschriftet.
3. Warten Sie fünf Sekunden: das Bild erscheint.

## Am Laptop prüfen
- Drücken Sie **Windows + P** und wählen Sie **Duplizieren**.
- Beim Chromebook: **Einstellungen** › **Geräte** › **Displays** › *Integriertes Display spiegeln*.
- Das HDMI-Kabel direkt einstecken, ohne Adapter oder Verlängerung, wenn möglich.

## Automatische Quellenwahl
Im Menü **Einstellungen** › **Eingang** lässt sich *Automatisch wechseln* einschalten: das Display springt dann von selbst auf den zuletzt eingesteckten Anschluss.

## Immer noch kein Bild?
Testen Sie ein anderes Kabel oder einen anderen Laptop. Melden Sie dem Helpdesk die Inventarnummer des Displays, welches Kabel und welcher Laptop getestet wurden.""",
        ),
        fr=Version(
            "L'écran affiche « Pas de signal » : choisir la bonne entrée",
            "L'écran est allumé mais l'image de l'ordinateur n'apparaît pas ? Souvent, c'est juste la mauvaise source.",
            """L'écran interactif démarre mais affiche « Pas de signal » ou son propre écran d'accueil au lieu de l'ordinateur.

## Choisir l'entrée
1. Touchez en bas au milieu l'icône **Source** (flèche entrant dans un rectangle) ou appuyez sur *Input/Source* sur la télécommande.
2. Choisissez la prise où le câble est branché : **HDMI 1**, **HDMI 2** (à l'avant), **USB-C** ou **HDMI avant**. Les prises sont indiquées sur l'appareil.
3. Attendez cinq secondes : l'image apparaît.

## Sur l'ordinateur
- Appuyez sur **Windows + P** et choisissez **Dupliquer**.
- Sur un Chromebook : **Paramètres** › **Appareil** › **Écrans** › *Dupliquer l'écran intégré*.
- Branchez le câble HDMI directement, sans adaptateur ni rallonge si possible.

## Choix automatique de la source
Dans **Paramètres** › **Entrée**, activez *Changement automatique* : l'écran passe alors tout seul sur la dernière prise branchée.

## Toujours pas d'image ?
Essayez un autre câble ou un autre ordinateur. Donnez au helpdesk le numéro d'inventaire de l'écran, le câble et l'ordinateur essayés.""",
        ),
    ),
    DemoArticle(
        "display-no-touch", PROBLEM, (REMOTE_HARDWARE,), DISPLAYS,
        de=Version(
            "Das interaktive Display reagiert nicht auf Berührung",
            "Bild da, aber Finger und Stift bewirken nichts: die häufigsten Ursachen und was Sie selbst tun können.",
            """Das Bild des Laptops ist da, aber das Display reagiert nicht mehr auf Berührungen.

## Schnelle Prüfungen
1. **USB-Touch-Kabel**: Neben dem HDMI-Kabel braucht es ein USB-Kabel vom Display zum Laptop. Ohne dieses Kabel gibt es kein Touch am Laptopbild.
2. Das USB-Kabel muss am Anschluss **Touch** des gleichen Eingangs stecken (z. B. *Touch 1* zu *HDMI 1*).
3. Laptop neu starten: Windows erkennt das Touch-Gerät beim Start.
4. Reagiert auch das eigene Menü des Displays nicht, ist der Rahmen verschmutzt oder ein Gegenstand berührt ihn.

## Nur an einer Stelle kein Touch?
Dann stört ein Fleck oder ein Gegenstand den Infrarot-Rahmen. Rahmen mit einem trockenen Mikrofasertuch reinigen. Oft hilft danach eine [Kalibrierung](../interaktives-display-kalibrieren/).

## Dem Helpdesk mitteilen
- Inventarnummer des Displays und Raum,
- ob das Display-Menü selbst reagiert,
- welcher Laptop angeschlossen ist und über welchen Anschluss.

Der Helpdesk kann oft per Fernwartung prüfen, ob der Treiber geladen ist.""",
        ),
        fr=Version(
            "Le tableau interactif ne répond plus au toucher",
            "L'image est là, mais le doigt et le stylet n'ont aucun effet : les causes fréquentes et ce que vous pouvez faire.",
            """L'image de l'ordinateur s'affiche, mais l'écran interactif ne réagit plus au toucher.

## Vérifications rapides
1. **Câble USB tactile** : en plus du câble HDMI, il faut un câble USB de l'écran vers l'ordinateur. Sans lui, pas de tactile sur l'image de l'ordinateur.
2. Le câble USB doit être branché sur la prise **Touch** de la même entrée (par exemple *Touch 1* avec *HDMI 1*).
3. Redémarrez l'ordinateur : Windows reconnaît le périphérique tactile au démarrage.
4. Si même le menu de l'écran ne répond plus, le cadre est sale ou un objet le touche.

## Le tactile ne marche pas à un seul endroit ?
Une tache ou un objet gêne le cadre infrarouge. Nettoyez le cadre avec un chiffon microfibre sec, puis faites souvent un [calibrage](../calibrer-lecran-interactif/).

## À dire au helpdesk
- le numéro d'inventaire de l'écran et la classe,
- si le menu de l'écran lui-même répond,
- quel ordinateur est branché et sur quelle entrée.

Le helpdesk peut souvent vérifier à distance si le pilote est chargé.""",
        ),
    ),
    DemoArticle(
        "activpanel-9-overview", HARDWARE, (REMOTE_HARDWARE,), ('Promethean ActivPanel 9 Premium 75"',),
        de=Version(
            "Promethean ActivPanel 9 Premium: Anschlüsse und erste Schritte",
            "Wo welches Kabel hingehört, wie man das Panel ein- und ausschaltet und was die Tasten vorn bedeuten.",
            """Das **ActivPanel 9 Premium 75"** ist das interaktive Display der Lieferungen ab 2022.

## Anschlüsse
| Ort | Anschluss | Wofür |
|---|---|---|
| vorn | USB-C (65 W) | Laptop: Bild, Touch und Laden über ein Kabel |
| vorn | HDMI 3 + USB Touch 3 | Gastlaptop |
| Seite | HDMI 1, HDMI 2 + USB Touch 1/2 | Fest installierter Laptop |
| Seite | LAN | Netzwerk der Schule (für Updates) |

## Ein- und ausschalten
- **Ein**: Netzschalter hinten unten, dann die Power-Taste vorn.
- **Aus**: Power-Taste vorn kurz drücken; das Panel geht nach 30 Sekunden in Standby. Abends ganz ausschalten spart Strom.

## Tasten vorn
Power, Lautstärke, **Einfrieren** (Bild anhalten), **Bildschirm aus** (nur Bild schwarz, Ton bleibt).

## Gut zu wissen
- Das eingebaute Android (*ActivSuite*) hat Whiteboard, Browser und Bildschirmübertragung.
- Updates kommen über das Netzwerk, wenn das LAN-Kabel steckt.
- Garantie: 5 Jahre ab Lieferung; Fragen zur Reparatur klärt der Helpdesk.""",
        ),
        fr=Version(
            "Promethean ActivPanel 9 Premium : connexions et premiers pas",
            "Où brancher chaque câble, comment allumer et éteindre le panneau et à quoi servent les touches avant.",
            """L'**ActivPanel 9 Premium 75"** est l'écran interactif des livraisons depuis 2022.

## Connexions
| Emplacement | Prise | Usage |
|---|---|---|
| avant | USB-C (65 W) | ordinateur : image, tactile et recharge par un seul câble |
| avant | HDMI 3 + USB Touch 3 | ordinateur d'un invité |
| côté | HDMI 1, HDMI 2 + USB Touch 1/2 | ordinateur installé à demeure |
| côté | LAN | réseau de l'école (mises à jour) |

## Allumer et éteindre
- **Allumer** : interrupteur à l'arrière en bas, puis touche marche à l'avant.
- **Éteindre** : appui bref sur la touche marche ; le panneau passe en veille après 30 secondes. Le soir, éteindre complètement économise l'énergie.

## Touches à l'avant
Marche, volume, **Figer** (geler l'image), **Écran éteint** (image noire, le son reste).

## Bon à savoir
- L'Android intégré (*ActivSuite*) propose tableau blanc, navigateur et partage d'écran.
- Les mises à jour passent par le réseau si le câble LAN est branché.
- Garantie : 5 ans à partir de la livraison ; le helpdesk répond aux questions de réparation.""",
        ),
    ),
    DemoArticle(
        "clevertouch-overview", HARDWARE, (REMOTE_HARDWARE,), ('Clevertouch UX Pro 2 75"',),
        de=Version(
            "Clevertouch UX Pro 2: Überblick",
            "Anschlüsse, Fernbedienung und die Lynx-Whiteboard-Software des Clevertouch-Displays.",
            """Das **Clevertouch UX Pro 2** hat ein eingebautes Android mit der Whiteboard-App *Lynx*.

## Anschlüsse (Seite links)
- 3 × HDMI mit je einem **USB-Touch**-Anschluss,
- 1 × USB-C mit Bild, Touch und 65 W Laden,
- LAN und WLAN für Updates und die Bildschirmübertragung *Display Share*.

## Bedienung
- Die Leiste unten öffnet sich mit einem Wisch von unten nach oben: **Quellen**, **Whiteboard**, **Einstellungen**.
- Zwei Stifte liegen in der magnetischen Halterung oben.
- Die Fernbedienung braucht zwei AAA-Batterien.

## Bildschirm teilen ohne Kabel
1. Auf dem Display *Display Share* öffnen: ein Code erscheint.
2. Auf dem Laptop oder Tablet die App *Display Share* öffnen und den Code eingeben.
3. Laptop und Display müssen im gleichen WLAN der Schule sein.

Probleme mit Touch oder Bild? Siehe die Artikel zu Kalibrierung und Eingangswahl.""",
        ),
        fr=Version(
            "Clevertouch UX Pro 2 : présentation",
            "Connexions, télécommande et logiciel de tableau blanc Lynx de l'écran Clevertouch.",
            """Le **Clevertouch UX Pro 2** a un Android intégré avec l'application de tableau blanc *Lynx*.

## Connexions (côté gauche)
- 3 × HDMI, chacune avec sa prise **USB tactile**,
- 1 × USB-C avec image, tactile et recharge 65 W,
- LAN et Wi-Fi pour les mises à jour et le partage d'écran *Display Share*.

## Utilisation
- La barre du bas s'ouvre en glissant du bas vers le haut : **Sources**, **Tableau blanc**, **Paramètres**.
- Deux stylets se rangent dans le support magnétique en haut.
- La télécommande fonctionne avec deux piles AAA.

## Partager l'écran sans câble
1. Sur l'écran, ouvrez *Display Share* : un code s'affiche.
2. Sur l'ordinateur ou la tablette, ouvrez l'application *Display Share* et saisissez le code.
3. L'ordinateur et l'écran doivent être sur le même Wi-Fi de l'école.

Un souci de tactile ou d'image ? Voir les articles sur le calibrage et le choix de l'entrée.""",
        ),
    ),
    DemoArticle(
        "smart-board-6075", HARDWARE, (REMOTE_HARDWARE,), ("SMART Board 6075",),
        de=Version(
            "SMART Board 6075: Bedienung und Pflege",
            "Das ältere SMART-Display der ersten Lieferungen: Stifte, Treiber, Reinigung.",
            """Das **SMART Board 6075** wurde 2016 bis 2019 geliefert.

## Stifte und Radierer
Das Display erkennt automatisch, ob Sie mit dem Stift schreiben, mit dem Finger zeigen oder mit der Handfläche radieren. Der Stift braucht keine Batterie.

## Treiber am Laptop
Für Touch am Laptopbild muss **SMART Product Drivers** installiert sein. Auf den Programm-Laptops ist er vorinstalliert; fehlt er, installiert ihn der Helpdesk per Fernwartung.

## Reinigung
- Display ausschalten.
- Mit einem leicht feuchten Mikrofasertuch wischen, kein Glasreiniger mit Alkohol.
- Den Rahmen (Kameras in den Ecken) trocken abwischen.

## Ende der Programmphase
Diese Displays sind meist älter als drei Jahre: Reparaturen gehen zu Lasten der Schule; der Helpdesk hilft weiter bei Diagnose und Einstellungen.""",
        ),
        fr=None,
    ),
    DemoArticle(
        "hdmi-no-sound", PROBLEM, (REMOTE_HARDWARE,), (*DISPLAYS, *LAPTOPS_WINDOWS),
        de=Version(
            "Kein Ton über das Display oder den Beamer",
            "Bild ja, Ton nein: so wählen Sie am Laptop das richtige Audiogerät.",
            """Das Video läuft auf dem Display oder dem Beamer, aber der Ton kommt aus dem Laptop oder gar nicht.

## Unter Windows
1. Klicken Sie unten rechts auf das **Lautsprecher**-Symbol.
2. Klicken Sie auf den Pfeil neben der Lautstärke und wählen Sie das Gerät mit dem Namen des Displays oder *HDMI*.
3. Prüfen Sie die Lautstärke am Display selbst (Fernbedienung oder Tasten vorn): sie kann auf 0 stehen.

## Am Chromebook
Schnelleinstellungen unten rechts › Pfeil neben der Lautstärke › **HDMI** oder den Displaynamen wählen.

## Immer noch stumm?
- HDMI-Kabel neu einstecken, bei laufendem Video.
- Bei Beamern ohne Lautsprecher: externe Lautsprecher am Audio-Ausgang des Beamers anschließen.
- Dem Helpdesk sagen: welcher Laptop, welches Display oder welcher Beamer, welches Programm.""",
        ),
        fr=Version(
            "Pas de son sur l'écran ou le projecteur",
            "L'image oui, le son non : choisir le bon périphérique audio sur l'ordinateur.",
            """La vidéo passe sur l'écran interactif ou le projecteur, mais le son sort de l'ordinateur ou pas du tout.

## Sous Windows
1. Cliquez en bas à droite sur l'icône **haut-parleur**.
2. Cliquez sur la flèche à côté du volume et choisissez le périphérique portant le nom de l'écran ou *HDMI*.
3. Vérifiez le volume de l'écran lui-même (télécommande ou touches avant) : il peut être à 0.

## Sur un Chromebook
Réglages rapides en bas à droite › flèche à côté du volume › choisir **HDMI** ou le nom de l'écran.

## Toujours muet ?
- Rebranchez le câble HDMI pendant que la vidéo tourne.
- Projecteur sans haut-parleur : branchez des enceintes sur la sortie audio du projecteur.
- Dites au helpdesk : quel ordinateur, quel écran ou projecteur, quel programme.""",
        ),
    ),
    DemoArticle(
        "wifi-join", PROCEDURE, (REMOTE_HARDWARE,), (*ACCESS_POINTS, *LAPTOPS_WINDOWS, *CHROMEBOOKS, *IPADS, *GALAXY_TABS),
        de=Version(
            "Mit dem WLAN der Schule verbinden",
            "Die WLAN-Netze der Schule, welches für wen ist, und wie Sie sich mit Ihrem Schulkonto anmelden.",
            """In jeder Schule des Programms gibt es drei WLAN-Netze:

| Netz (SSID) | für | Anmeldung |
|---|---|---|
| **DS-Personal** | Lehrkräfte und Personal | Ihr Schulkonto (E-Mail und Passwort) |
| **DS-Schueler** | Geräte der Schule für Schüler | automatisch (vom Helpdesk eingerichtet) |
| **DS-Gast** | Besucher | Tagescode im Sekretariat |

## Laptop (Windows)
1. WLAN-Symbol unten rechts › **DS-Personal** › *Verbinden*.
2. Benutzername: Ihre Schul-E-Mail-Adresse; Passwort: das Passwort Ihres Schulkontos.
3. Die Frage nach dem Zertifikat mit **Verbinden** bestätigen (Aussteller: *Digitale Schule*).

## Tablet oder Smartphone
Einstellungen › WLAN › **DS-Personal** › Identität = Schul-E-Mail, Passwort, Zertifikat *Systemzertifikate verwenden* / Domäne `digitale-schule.be`.

## Es klappt nicht?
- Passwort kürzlich geändert? Das WLAN verlangt das **neue** Passwort: Netz *entfernen* und neu verbinden.
- Keine Verbindung im ganzen Raum: siehe *WLAN langsam oder bricht ab*.
- Dem Helpdesk sagen: Gerät, Raum, Netzname und die genaue Fehlermeldung.""",
        ),
        fr=Version(
            "Se connecter au Wi-Fi de l'école",
            "Les réseaux Wi-Fi de l'école, lequel est pour qui, et comment vous connecter avec votre compte scolaire.",
            """Chaque école du programme dispose de trois réseaux Wi-Fi :

| Réseau (SSID) | pour | connexion |
|---|---|---|
| **EN-Personnel** | enseignants et personnel | votre compte scolaire (e-mail et mot de passe) |
| **EN-Eleves** | appareils de l'école pour les élèves | automatique (configuré par le helpdesk) |
| **EN-Invites** | visiteurs | code du jour au secrétariat |

## Ordinateur portable (Windows)
1. Icône Wi-Fi en bas à droite › **EN-Personnel** › *Se connecter*.
2. Nom d'utilisateur : votre adresse e-mail scolaire ; mot de passe : celui de votre compte scolaire.
3. À la question sur le certificat, répondez **Se connecter** (émetteur : *École numérique*).

## Tablette ou smartphone
Réglages › Wi-Fi › **EN-Personnel** › identité = e-mail scolaire, mot de passe, certificat *Utiliser les certificats système* / domaine `ecole-numerique.be`.

## Ça ne marche pas ?
- Mot de passe changé récemment ? Le Wi-Fi demande le **nouveau** : *oubliez* le réseau et reconnectez-vous.
- Aucune connexion dans toute la classe : voir *Wi-Fi lent ou qui se coupe*.
- Dites au helpdesk : l'appareil, la classe, le nom du réseau et le message d'erreur exact.""",
        ),
    ),
    DemoArticle(
        "wifi-guest-code", PROCEDURE, (QUESTION,), ACCESS_POINTS,
        de=Version(
            "WLAN-Passwort für Gäste: den Tagescode erhalten",
            "Besucher, Referenten oder Eltern brauchen Internet? So bekommen sie den Zugang zum Gast-WLAN.",
            """Das Gast-WLAN **DS-Gast** ist vom Netz der Schule getrennt und nur für das Internet.

## Den Tagescode erhalten
1. Das Sekretariat oder der IKT-Ansprechpartner öffnet das Portal *Gastzugang* (Link in der Willkommens-E-Mail des Programms).
2. **Neuer Code** › Gültigkeit wählen (1 Tag oder 1 Woche) › *Drucken* oder *Anzeigen*.
3. Der Gast wählt **DS-Gast** und gibt den Code als WLAN-Passwort ein.

## Gut zu wissen
- Ein Code gilt für bis zu 50 Geräte.
- Gäste sehen weder Drucker noch Displays der Schule.
- Kein Zugang zum Gastportal? Der IKT-Ansprechpartner kann ihn beim Helpdesk anfragen.""",
        ),
        fr=Version(
            "Mot de passe Wi-Fi pour les invités : obtenir le code du jour",
            "Visiteurs, formateurs ou parents ont besoin d'internet ? Voici comment leur donner accès au Wi-Fi invités.",
            """Le Wi-Fi invités **EN-Invites** est séparé du réseau de l'école et ne donne accès qu'à internet.

## Obtenir le code du jour
1. Le secrétariat ou le référent TIC ouvre le portail *Accès invités* (lien dans l'e-mail de bienvenue du programme).
2. **Nouveau code** › choisir la validité (1 jour ou 1 semaine) › *Imprimer* ou *Afficher*.
3. L'invité choisit **EN-Invites** et saisit le code comme mot de passe Wi-Fi.

## Bon à savoir
- Un code vaut pour 50 appareils au maximum.
- Les invités ne voient ni les imprimantes ni les écrans de l'école.
- Pas d'accès au portail invités ? Le référent TIC peut le demander au helpdesk.""",
        ),
    ),
    DemoArticle(
        "wifi-slow", PROBLEM, (REMOTE_HARDWARE, ONSITE), ACCESS_POINTS,
        de=Version(
            "WLAN langsam oder bricht ab",
            "Im Klassenraum lädt nichts oder die Verbindung reißt ab: was Sie prüfen und was der Helpdesk braucht.",
            """Wenn das WLAN in einem Raum langsam ist oder immer wieder abbricht, hilft eine genaue Beschreibung dem Helpdesk am meisten.

## Selbst prüfen
1. **Nur ein Gerät oder alle?** Betrifft es nur einen Laptop, WLAN am Gerät aus- und einschalten und neu starten.
2. **Der Access Point im Raum**: leuchtet seine Lampe blau oder weiß? Leuchtet sie nicht oder blinkt sie, siehe *Access Point: was die Farben bedeuten*.
3. **Viele Geräte gleichzeitig?** Wenn eine ganze Klasse gleichzeitig ein Video startet, wird es langsam. Videos vorher herunterladen hilft.
4. Andere Räume testen: Ist das Internet überall langsam, liegt es am Anschluss der Schule.

## Dem Helpdesk mitteilen
- Raum und Uhrzeit(en), zu denen es passiert,
- wie viele Geräte betroffen sind,
- Name des Netzes (**DS-Personal** oder **DS-Schueler**),
- die Farbe der Lampe am Access Point.

Der Helpdesk sieht die Access Points aus der Ferne und kann einen Neustart oder einen Technikerbesuch planen.""",
        ),
        fr=Version(
            "Wi-Fi lent ou qui se coupe",
            "Rien ne charge en classe ou la connexion se coupe : ce que vous pouvez vérifier et ce dont le helpdesk a besoin.",
            """Quand le Wi-Fi d'une classe est lent ou se coupe sans cesse, une description précise aide le plus le helpdesk.

## Vérifier soi-même
1. **Un seul appareil ou tous ?** Si c'est un seul ordinateur, coupez et rallumez son Wi-Fi, puis redémarrez-le.
2. **La borne Wi-Fi de la classe** : son voyant est-il bleu ou blanc ? S'il est éteint ou clignote, voir *Borne Wi-Fi : que signifient les couleurs*.
3. **Beaucoup d'appareils en même temps ?** Si toute la classe lance une vidéo au même moment, cela ralentit. Télécharger les vidéos à l'avance aide.
4. Essayez d'autres classes : si internet est lent partout, c'est la connexion de l'école.

## À dire au helpdesk
- la classe et l'heure (ou les heures) où cela arrive,
- combien d'appareils sont touchés,
- le nom du réseau (**EN-Personnel** ou **EN-Eleves**),
- la couleur du voyant de la borne.

Le helpdesk voit les bornes à distance et peut les redémarrer ou planifier la visite d'un technicien.""",
        ),
    ),
    DemoArticle(
        "access-point-leds", HARDWARE, (REMOTE_HARDWARE,), ACCESS_POINTS,
        de=Version(
            "Access Point: was die Farben der Lampe bedeuten",
            "Blau, weiß, blinkend oder aus: so lesen Sie die Lampe der WLAN-Access-Points (UniFi und Aruba).",
            """Die Access Points hängen an der Decke oder hoch an der Wand. Ihre Lampe zeigt den Zustand.

## UniFi (U6 Pro, AP AC Pro)
| Lampe | Bedeutung |
|---|---|
| blau, ruhig | in Ordnung |
| weiß, ruhig | startet oder wartet auf Einrichtung |
| blau blinkend | sucht die Verbindung zum Netz |
| aus | kein Strom: Netzwerkkabel oder Switch prüfen lassen |

## Aruba (Instant On AP22, AP-505)
| Lampe | Bedeutung |
|---|---|
| grün, ruhig | in Ordnung |
| grün/gelb wechselnd | startet |
| rot | Fehler: Helpdesk informieren |

## Bitte nicht
Den Access Point **nicht abnehmen** und das Kabel nicht ziehen: Er bekommt seinen Strom über das Netzwerkkabel (PoE). Ein Neustart geht aus der Ferne, der Helpdesk macht das.""",
        ),
        fr=Version(
            "Borne Wi-Fi : que signifient les couleurs du voyant",
            "Bleu, blanc, clignotant ou éteint : lire le voyant des bornes Wi-Fi (UniFi et Aruba).",
            """Les bornes Wi-Fi (points d'accès) sont fixées au plafond ou en haut d'un mur. Leur voyant indique leur état.

## UniFi (U6 Pro, AP AC Pro)
| Voyant | Signification |
|---|---|
| bleu fixe | tout va bien |
| blanc fixe | démarre ou attend sa configuration |
| bleu clignotant | cherche la connexion au réseau |
| éteint | pas de courant : câble réseau ou switch à faire vérifier |

## Aruba (Instant On AP22, AP-505)
| Voyant | Signification |
|---|---|
| vert fixe | tout va bien |
| vert/orange alterné | démarre |
| rouge | erreur : prévenir le helpdesk |

## À éviter
Ne **décrochez pas** la borne et ne débranchez pas son câble : elle est alimentée par le câble réseau (PoE). Un redémarrage se fait à distance, le helpdesk s'en charge.""",
        ),
    ),
    DemoArticle(
        "access-point-restart-internal", PROCEDURE, (REMOTE_HARDWARE,), ACCESS_POINTS, internal=True,
        de=Version(
            "Helpdesk: Access Point aus der Ferne neu starten",
            "Interne Anleitung: einen Access Point im Controller der Schule finden und neu starten, mit Vermerk im Ticket.",
            """Nur für das Helpdesk-Team.

1. Im Ticket die Schule und den Raum prüfen; die Inventarnummer des Access Points steht in der Geräteliste der Schule.
2. Im **UniFi Network**-Controller (oder *Aruba Instant On*) die Site der Schule öffnen: Name = Schulnummer.
3. Gerät suchen (Inventarnummer im Feld *Alias*), Status und Uptime notieren.
4. **Neu starten** wählen; nach 3 Minuten muss der Status *Online* sein.
5. Im Ticket eine **interne Notiz** schreiben: Uhrzeit, Gerät, Status vorher und nachher.
6. Der Schule antworten und sie bitten, in 10 Minuten zu testen.

Bleibt der Access Point offline: Status *Warten auf die Schule* nicht verwenden, sondern einen Vor-Ort-Einsatz planen (Team *Vor Ort*).""",
        ),
        fr=Version(
            "Helpdesk : redémarrer une borne Wi-Fi à distance",
            "Procédure interne : retrouver une borne dans le contrôleur de l'école et la redémarrer, avec une note dans le ticket.",
            """Réservé à l'équipe du helpdesk.

1. Dans le ticket, vérifiez l'école et la classe ; le numéro d'inventaire de la borne figure dans la liste des appareils de l'école.
2. Dans le contrôleur **UniFi Network** (ou *Aruba Instant On*), ouvrez le site de l'école : nom = numéro de l'école.
3. Cherchez l'appareil (numéro d'inventaire dans le champ *Alias*), notez l'état et l'uptime.
4. Choisissez **Redémarrer** ; après 3 minutes, l'état doit être *En ligne*.
5. Écrivez une **note interne** dans le ticket : heure, appareil, état avant et après.
6. Répondez à l'école et demandez-lui de tester dans 10 minutes.

Si la borne reste hors ligne : ne pas mettre le ticket *En attente de l'école*, mais planifier une intervention sur place (équipe *Sur place*).""",
        ),
    ),
    DemoArticle(
        "chromebook-enrolment", PROCEDURE, (REMOTE_TOOLS,), CHROMEBOOKS,
        de=Version(
            "Chromebook in der Schulverwaltung registrieren (Enrollment)",
            "Ein neues oder zurückgesetztes Chromebook muss in der Google-Admin-Konsole der Schule registriert werden, bevor Schüler sich anmelden.",
            """Chromebooks des Programms werden in der Google-Admin-Konsole der Schule verwaltet. Nach einem Zurücksetzen (Powerwash) oder bei einem neuen Gerät muss es **vor der ersten Anmeldung** registriert werden.

## Registrieren
1. Chromebook einschalten, Sprache und WLAN (**DS-Schueler**) wählen.
2. Auf dem Anmeldebildschirm **nicht** mit einem Schülerkonto anmelden.
3. Drücken Sie **Strg + Alt + E**: der Bildschirm *Unternehmensregistrierung* erscheint.
4. Melden Sie sich mit dem **Registrierungskonto** der Schule an (`enrol@…`, beim IKT-Ansprechpartner).
5. Warten Sie auf *Gerät erfolgreich registriert* und klicken Sie **Fertig**.

## Prüfen
Unten auf dem Anmeldebildschirm steht jetzt *Dieses Gerät wird von Ihrer Schule verwaltet*.

## Fehler „Gerät gehört zu einer anderen Domäne“
Das Chromebook ist noch einer anderen Schule zugeordnet. Schicken Sie dem Helpdesk die Seriennummer (Etikett unten): er gibt es frei.""",
        ),
        fr=Version(
            "Enrôler un Chromebook dans la gestion de l'école",
            "Un Chromebook neuf ou réinitialisé doit être enrôlé dans la console d'administration Google de l'école avant que les élèves se connectent.",
            """Les Chromebooks du programme sont gérés dans la console d'administration Google de l'école. Après une réinitialisation (Powerwash) ou pour un appareil neuf, il faut l'**enrôler avant la première connexion**.

## Enrôler
1. Allumez le Chromebook, choisissez la langue et le Wi-Fi (**EN-Eleves**).
2. Sur l'écran de connexion, ne vous connectez **pas** avec un compte d'élève.
3. Appuyez sur **Ctrl + Alt + E** : l'écran *Enregistrement d'entreprise* apparaît.
4. Connectez-vous avec le **compte d'enrôlement** de l'école (`enrol@…`, auprès du référent TIC).
5. Attendez *Appareil enregistré* et cliquez sur **Terminé**.

## Vérifier
En bas de l'écran de connexion s'affiche maintenant *Cet appareil est géré par votre école*.

## Erreur « appareil appartenant à un autre domaine »
Le Chromebook est encore rattaché à une autre école. Envoyez le numéro de série (étiquette en dessous) au helpdesk : il le libère.""",
        ),
    ),
    DemoArticle(
        "chromebook-recovery", PROBLEM, (REMOTE_HARDWARE,), CHROMEBOOKS,
        de=Version(
            "Chromebook startet nicht oder meldet „ChromeOS fehlt“",
            "Schwarzer Bildschirm, Endlosschleife oder die Meldung, dass ChromeOS fehlt oder beschädigt ist: so gehen Sie vor.",
            """## Startet gar nicht
1. Ladegerät 30 Minuten anschließen: die Lampe an der Seite muss leuchten.
2. **Hard-Reset**: Taste *Aktualisieren* (kreisender Pfeil) gedrückt halten und dabei die Ein-Taste drücken.

## „ChromeOS fehlt oder ist beschädigt“
Das System muss neu installiert werden. Die Daten der Schüler liegen in Google Drive und gehen nicht verloren.
1. Melden Sie das Gerät dem Helpdesk mit der **Seriennummer**.
2. Der Helpdesk oder der IKT-Ansprechpartner erstellt einen Wiederherstellungs-USB-Stick und setzt das Gerät neu auf.
3. Danach muss es neu [registriert](../chromebook-in-der-schulverwaltung-registrieren-enrollment/) werden.

## Nicht tun
Keinen Entwicklermodus einschalten: Das Chromebook verlässt dann die Verwaltung der Schule.""",
        ),
        fr=Version(
            "Le Chromebook ne démarre pas ou affiche « ChromeOS est manquant »",
            "Écran noir, redémarrages en boucle ou message indiquant que ChromeOS est manquant ou endommagé : la marche à suivre.",
            """## Ne démarre pas du tout
1. Branchez le chargeur 30 minutes : le voyant sur le côté doit s'allumer.
2. **Réinitialisation matérielle** : maintenez la touche *Actualiser* (flèche circulaire) et appuyez sur le bouton marche.

## « ChromeOS est manquant ou endommagé »
Le système doit être réinstallé. Les données des élèves sont dans Google Drive et ne sont pas perdues.
1. Signalez l'appareil au helpdesk avec son **numéro de série**.
2. Le helpdesk ou le référent TIC prépare une clé USB de récupération et réinstalle l'appareil.
3. Ensuite, il faut l'[enrôler](../enroler-un-chromebook-dans-la-gestion-de-lecole/) à nouveau.

## À éviter
N'activez pas le mode développeur : le Chromebook sortirait de la gestion de l'école.""",
        ),
    ),
    DemoArticle(
        "chromebook-314-overview", HARDWARE, (REMOTE_HARDWARE,), CHROMEBOOKS,
        de=Version(
            "Acer Chromebook 314: Anschlüsse, Akku, Tastenkürzel",
            "Das Chromebook der Lieferungen 2019 bis 2024 im Überblick.",
            """## Anschlüsse
- 2 × USB-C (Laden und Bildschirm), 2 × USB-A, Kopfhörer, microSD.
- Laden über **beide** USB-C-Anschlüsse möglich; das Netzteil hat 45 W.

## Akku
Ein voller Akku hält etwa 10 Stunden. Lampe an der Seite: orange = lädt, blau/weiß = voll.

## Nützliche Tastenkürzel
| Kürzel | Wirkung |
|---|---|
| Strg + Fenster-Taste | Bildschirmfoto |
| Strg + Alt + / | alle Tastenkürzel |
| Suchtaste + L | Bildschirm sperren |
| Strg + Umschalt + Q (2×) | abmelden |

## Pflege
Nicht im Rucksack mit offenem Deckel transportieren; die Ladewagen der Schule nach der Pause schließen.""",
        ),
        fr=Version(
            "Acer Chromebook 314 : connexions, batterie, raccourcis",
            "Le Chromebook des livraisons 2019 à 2024 en bref.",
            """## Connexions
- 2 × USB-C (recharge et écran), 2 × USB-A, casque, microSD.
- Recharge possible sur **les deux** prises USB-C ; le chargeur fait 45 W.

## Batterie
Une batterie pleine tient environ 10 heures. Voyant sur le côté : orange = en charge, bleu/blanc = pleine.

## Raccourcis utiles
| Raccourci | Effet |
|---|---|
| Ctrl + touche Fenêtres | capture d'écran |
| Ctrl + Alt + / | tous les raccourcis |
| Recherche + L | verrouiller l'écran |
| Ctrl + Maj + Q (2×) | se déconnecter |

## Entretien
Ne pas transporter avec l'écran ouvert ; refermer les chariots de recharge de l'école après la pause.""",
        ),
    ),
    DemoArticle(
        "windows-laptop-enrolment", PROCEDURE, (REMOTE_TOOLS,), LAPTOPS_WINDOWS,
        de=Version(
            "Windows-Laptop einrichten und in die Verwaltung aufnehmen",
            "Ein neuer oder zurückgesetzter Windows-Laptop richtet sich mit Autopilot selbst ein: was Sie tun und wie lange es dauert.",
            """Die Windows-Laptops des Programms (HP ProBook, Lenovo ThinkPad, Acer TravelMate) sind in **Windows Autopilot** registriert. Beim ersten Start richten sie sich selbst für Ihre Schule ein.

## Einrichten
1. Laptop an Strom und an das WLAN **DS-Personal** oder ein Netzwerkkabel anschließen.
2. Einschalten, Sprache und Tastatur wählen (*Deutsch (Belgien)* oder *Französisch (Belgien)*).
3. Der Bildschirm *Willkommen bei Ihrer Schule* erscheint: melden Sie sich mit Ihrem **Schulkonto** an.
4. Warten: Programme und Einstellungen werden installiert (20 bis 45 Minuten). Nicht ausschalten.
5. Beim ersten Anmelden Windows Hello (PIN) einrichten.

## Wenn statt „Ihre Schule“ ein normales Windows-Setup erscheint
Das Gerät ist nicht in Autopilot registriert. Schicken Sie dem Helpdesk die **Seriennummer** (unter dem Gerät) und die Inventarnummer.

## Fehler 80180014 oder „Gerät ist nicht berechtigt“
Das Gerät war einer anderen Schule zugeordnet; der Helpdesk entfernt die alte Zuordnung. Danach neu starten und von vorn beginnen.""",
        ),
        fr=Version(
            "Installer un portable Windows et l'enrôler dans la gestion",
            "Un portable Windows neuf ou réinitialisé se configure seul avec Autopilot : ce que vous faites et combien de temps cela prend.",
            """Les portables Windows du programme (HP ProBook, Lenovo ThinkPad, Acer TravelMate) sont inscrits dans **Windows Autopilot**. Au premier démarrage, ils se configurent seuls pour votre école.

## Installer
1. Branchez le portable sur le secteur et sur le Wi-Fi **EN-Personnel** ou un câble réseau.
2. Allumez, choisissez la langue et le clavier (*Français (Belgique)* ou *Allemand (Belgique)*).
3. L'écran *Bienvenue dans votre école* apparaît : connectez-vous avec votre **compte scolaire**.
4. Patientez : programmes et réglages s'installent (20 à 45 minutes). N'éteignez pas.
5. À la première connexion, configurez Windows Hello (code PIN).

## Si une installation Windows ordinaire apparaît au lieu de « votre école »
L'appareil n'est pas inscrit dans Autopilot. Envoyez au helpdesk le **numéro de série** (sous l'appareil) et le numéro d'inventaire.

## Erreur 80180014 ou « appareil non autorisé »
L'appareil était rattaché à une autre école ; le helpdesk supprime l'ancien rattachement. Redémarrez ensuite et recommencez.""",
        ),
    ),
    DemoArticle(
        "windows-slow-updates", PROBLEM, (REMOTE_HARDWARE,), LAPTOPS_WINDOWS,
        de=Version(
            "Laptop sehr langsam nach dem Einschalten: Updates",
            "Der Windows-Laptop braucht ewig, der Lüfter läuft laut? Meist installiert er gerade Updates.",
            """Nach den Ferien oder langer Pause installiert Windows viele Updates auf einmal. Der Laptop ist dann in der ersten Stunde langsam.

## Was hilft
1. Laptop **am Netzteil** und im WLAN lassen, auch in der Pause.
2. **Einstellungen** › **Windows Update**: Steht dort *Neustart erforderlich*, jetzt neu starten.
3. Nach den Ferien: die Laptops am Vortag einschalten und eine Stunde laufen lassen.

## Wenn er immer langsam ist
- Freier Speicherplatz: **Einstellungen** › **System** › **Speicher**. Weniger als 10 GB frei? Downloads-Ordner leeren.
- Viele Browser-Tabs schließen; Videos in nur einem Tab.
- Bleibt er langsam, kann der Helpdesk per Fernwartung nachsehen. Geben Sie die **Inventarnummer** und die Uhrzeit an, zu der Sie am Laptop sind.""",
        ),
        fr=Version(
            "Ordinateur portable très lent au démarrage : les mises à jour",
            "Le portable Windows met une éternité, le ventilateur souffle fort ? Le plus souvent, il installe des mises à jour.",
            """Après les vacances ou une longue pause, Windows installe beaucoup de mises à jour d'un coup. Le portable est alors lent pendant la première heure.

## Ce qui aide
1. Laissez le portable **sur le chargeur** et connecté au Wi-Fi, même pendant la pause.
2. **Paramètres** › **Windows Update** : si *Redémarrage requis* s'affiche, redémarrez maintenant.
3. Après les vacances : allumez les portables la veille et laissez-les tourner une heure.

## S'il est toujours lent
- Espace libre : **Paramètres** › **Système** › **Stockage**. Moins de 10 Go libres ? Videz le dossier Téléchargements.
- Fermez les onglets du navigateur ; une vidéo dans un seul onglet.
- S'il reste lent, le helpdesk peut regarder à distance. Indiquez le **numéro d'inventaire** et l'heure à laquelle vous serez devant le portable.""",
        ),
    ),
    DemoArticle(
        "laptop-not-charging", PROBLEM, (REMOTE_HARDWARE,), (*LAPTOPS_WINDOWS, *CHROMEBOOKS),
        de=Version(
            "Laptop lädt nicht",
            "Der Akku bleibt leer oder das Ladesymbol erscheint nicht: Netzteil, Anschluss und Akku prüfen.",
            """## Prüfen
1. Steckt das Netzteil fest in der Steckdose und im Laptop? Die Lampe am Netzteil oder am Laptop muss leuchten.
2. Eine andere Steckdose testen (Ladewagen: ist er eingeschaltet?).
3. Bei USB-C: den **anderen** USB-C-Anschluss probieren.
4. Mit dem Netzteil eines baugleichen Laptops testen: lädt es dann, ist das Netzteil defekt.

## Akku ganz leer
Einen völlig leeren Akku 30 Minuten laden, bevor Sie einschalten.

## Dem Helpdesk melden
- Inventarnummer des Laptops und des Netzteils,
- ob ein anderes Netzteil hilft,
- ob das Gerät im Ladewagen oder an einer Steckdose lädt.

Ein defektes Netzteil oder ein Akku in der Programmphase wird ersetzt; danach geht es zu Lasten der Schule.""",
        ),
        fr=Version(
            "L'ordinateur portable ne charge pas",
            "La batterie reste vide ou le symbole de charge n'apparaît pas : vérifier le chargeur, la prise et la batterie.",
            """## Vérifier
1. Le chargeur est-il bien branché au mur et dans l'ordinateur ? Le voyant du chargeur ou de l'ordinateur doit s'allumer.
2. Essayez une autre prise (chariot de recharge : est-il allumé ?).
3. En USB-C : essayez l'**autre** prise USB-C.
4. Essayez le chargeur d'un ordinateur identique : si cela charge, le chargeur est en panne.

## Batterie complètement vide
Chargez 30 minutes une batterie à plat avant d'allumer.

## À signaler au helpdesk
- le numéro d'inventaire de l'ordinateur et du chargeur,
- si un autre chargeur fonctionne,
- si l'appareil charge dans un chariot ou sur une prise murale.

Un chargeur ou une batterie défectueux pendant la phase programme est remplacé ; ensuite, c'est à charge de l'école.""",
        ),
    ),
    DemoArticle(
        "probook-g10-overview", HARDWARE, (REMOTE_HARDWARE,), ("HP ProBook 450 G10",),
        de=Version(
            "HP ProBook 450 G10: Anschlüsse und wichtige Tasten",
            "Der Windows-Laptop der Lieferungen ab 2023: Anschlüsse, BIOS-Taste, Kamera-Abdeckung.",
            """## Anschlüsse
- links: USB-C (Laden, Bildschirm), USB-A, HDMI 2.0, Netzwerk (RJ45),
- rechts: USB-A, Kopfhörer, Schloss.

## Wichtige Tasten
| Taste | Wirkung |
|---|---|
| F1 + Fn | Hilfe |
| Esc beim Start | Startmenü (BIOS **F10**, Boot-Menü **F9**) |
| F8 | Mikrofon stumm |
| Schieber über der Kamera | Kamera abdecken (kein Bild in Teams = Schieber prüfen) |

## Fingerabdruck
Der Sensor in der Einschalttaste funktioniert mit Windows Hello.

## Garantie
3 Jahre vor Ort über das Programm; melden Sie Defekte immer über den Helpdesk.""",
        ),
        fr=Version(
            "HP ProBook 450 G10 : connexions et touches utiles",
            "Le portable Windows des livraisons depuis 2023 : connexions, touche BIOS, cache de la caméra.",
            """## Connexions
- à gauche : USB-C (recharge, écran), USB-A, HDMI 2.0, réseau (RJ45),
- à droite : USB-A, casque, antivol.

## Touches utiles
| Touche | Effet |
|---|---|
| F1 + Fn | aide |
| Échap au démarrage | menu de démarrage (BIOS **F10**, menu boot **F9**) |
| F8 | couper le micro |
| curseur au-dessus de la caméra | cache la caméra (pas d'image dans Teams = vérifier le curseur) |

## Empreinte digitale
Le capteur du bouton marche fonctionne avec Windows Hello.

## Garantie
3 ans sur site via le programme ; signalez toujours une panne au helpdesk.""",
        ),
    ),
    DemoArticle(
        "dell-latitude-3190", HARDWARE, (REMOTE_HARDWARE,), ("Dell Latitude 3190 2-in-1",),
        de=None,
        fr=Version(
            "Dell Latitude 3190 2-en-1 : mode tablette et stylet",
            "Le petit portable convertible des livraisons 2018 à 2020 : retourner l'écran, le stylet, la batterie.",
            """Le **Latitude 3190 2-en-1** se replie en tablette.

## Mode tablette
Retournez l'écran complètement : le clavier se désactive et Windows passe en mode tablette. Le clavier ne doit jamais être appuyé contre une table en mode tablette.

## Stylet
Le stylet actif Dell utilise une pile AAAA. S'il n'écrit plus, changez la pile avant de signaler une panne.

## Batterie
Ces appareils ont plus de cinq ans : une batterie qui ne tient qu'une heure est normale. Le remplacement est à charge de l'école ; le helpdesk vous conseille sur la suite.""",
        ),
    ),
    DemoArticle(
        "ipad-management", PROCEDURE, (REMOTE_TOOLS,), IPADS,
        de=Version(
            "iPads der Schule verwalten: Apps verteilen und Geräte zuordnen",
            "Die iPads werden über Apple School Manager und die Geräteverwaltung des Programms verwaltet. So bekommen Sie eine neue App auf die Tablets.",
            """Die iPads des Programms sind in **Apple School Manager** registriert und werden über die Geräteverwaltung (MDM) des Programms gesteuert. Schüler installieren keine Apps selbst.

## Eine App für die Klasse anfragen
1. Der IKT-Ansprechpartner öffnet eine neue Anfrage (Kategorie *Verwaltungstools*).
2. Angeben: Name der App und Link aus dem App Store, **welche iPads** (Gruppe oder Inventarnummern), bis wann.
3. Der Helpdesk kauft kostenlose oder vom Programm lizenzierte Apps über das Volumenprogramm und verteilt sie. Die App erscheint innerhalb von 24 Stunden.

## iPads einer Klasse zuordnen
Gruppen (z. B. *5A*) legt der Helpdesk an. Schicken Sie eine Liste Inventarnummer → Klasse.

## Ein iPad zeigt „Entfernte Verwaltung“
Das ist normal: **Registrieren** tippen, dann wird das iPad wieder eingerichtet. Verlangt es eine Apple-ID, nichts eingeben und den Helpdesk kontaktieren.""",
        ),
        fr=Version(
            "Gérer les iPad de l'école : installer des apps et attribuer les appareils",
            "Les iPad sont gérés via Apple School Manager et l'outil de gestion des appareils du programme. Voici comment obtenir une nouvelle app sur les tablettes.",
            """Les iPad du programme sont inscrits dans **Apple School Manager** et pilotés par l'outil de gestion des appareils (MDM) du programme. Les élèves n'installent pas d'apps eux-mêmes.

## Demander une app pour la classe
1. Le référent TIC ouvre une nouvelle demande (catégorie *Outils de gestion*).
2. Indiquez : le nom de l'app et son lien dans l'App Store, **quels iPad** (groupe ou numéros d'inventaire), pour quand.
3. Le helpdesk achète les apps gratuites ou sous licence du programme via le programme d'achat en volume et les déploie. L'app apparaît dans les 24 heures.

## Attribuer des iPad à une classe
Les groupes (par exemple *5A*) sont créés par le helpdesk. Envoyez une liste numéro d'inventaire → classe.

## Un iPad affiche « Gestion à distance »
C'est normal : touchez **S'inscrire**, l'iPad se reconfigure. S'il demande un identifiant Apple, ne saisissez rien et contactez le helpdesk.""",
        ),
    ),
    DemoArticle(
        "galaxy-tab-enrolment", PROCEDURE, (REMOTE_TOOLS,), GALAXY_TABS,
        de=Version(
            "Samsung Galaxy Tab einrichten (Knox-Registrierung)",
            "Neue oder zurückgesetzte Samsung-Tablets melden sich über Knox automatisch bei der Verwaltung der Schule an.",
            """## Einrichten
1. Tablet einschalten, Sprache wählen, mit **DS-Schueler** verbinden.
2. Das Tablet zeigt *Dieses Gerät wird von Ihrer Organisation verwaltet*: **Weiter** tippen.
3. Allen Berechtigungen zustimmen; die Schul-Apps werden installiert (10 Minuten).
4. Fertig, wenn der Startbildschirm mit den Schul-Apps erscheint.

## Kein Hinweis auf die Organisation?
Dann ist das Tablet nicht in Knox registriert. Nicht mit einem privaten Google-Konto anmelden! Seriennummer (Einstellungen › Telefoninfo, oder Karton) an den Helpdesk schicken.

## Tablet zurücksetzen
Nur nach Absprache mit dem Helpdesk: Nach dem Zurücksetzen startet die Einrichtung von vorn.""",
        ),
        fr=Version(
            "Installer une tablette Samsung Galaxy Tab (inscription Knox)",
            "Les tablettes Samsung neuves ou réinitialisées s'inscrivent automatiquement dans la gestion de l'école via Knox.",
            """## Installer
1. Allumez la tablette, choisissez la langue, connectez-la à **EN-Eleves**.
2. La tablette affiche *Cet appareil est géré par votre organisation* : touchez **Suivant**.
3. Acceptez toutes les autorisations ; les apps de l'école s'installent (10 minutes).
4. C'est terminé quand l'écran d'accueil avec les apps de l'école apparaît.

## Pas de message sur l'organisation ?
La tablette n'est pas inscrite dans Knox. Ne vous connectez pas avec un compte Google privé ! Envoyez le numéro de série (Paramètres › À propos de la tablette, ou carton) au helpdesk.

## Réinitialiser la tablette
Seulement en accord avec le helpdesk : après la réinitialisation, l'installation recommence depuis le début.""",
        ),
    ),
    DemoArticle(
        "tablet-lost", PROCEDURE, (REMOTE_TOOLS, QUESTION), (*IPADS, *GALAXY_TABS, *CHROMEBOOKS),
        de=Version(
            "Tablet oder Laptop verloren oder gestohlen",
            "Schnell sperren lassen, den Diebstahl anzeigen und das Gerät im Register melden.",
            """## Sofort
1. Melden Sie das Gerät **noch am selben Tag** beim Helpdesk (Anfrage oder Telefon): Inventarnummer oder Seriennummer, wo und wann zuletzt gesehen.
2. Der Helpdesk **sperrt** das Gerät aus der Ferne: es zeigt dann eine Nachricht mit der Telefonnummer der Schule und ist nicht mehr nutzbar.

## Bei Diebstahl
Erstatten Sie Anzeige bei der Polizei und schicken Sie die Nummer des Protokolls an den Helpdesk.

## Gerät wiedergefunden?
Sagen Sie es dem Helpdesk: die Sperre wird aufgehoben, das Gerät richtet sich neu ein.

## Danach
Das Gerät wird im Register als *verloren* geführt. Ersatz ist nicht automatisch: Fragen dazu beantwortet der Helpdesk.""",
        ),
        fr=Version(
            "Tablette ou portable perdu ou volé",
            "Le faire verrouiller vite, déclarer le vol et signaler l'appareil dans le registre.",
            """## Tout de suite
1. Signalez l'appareil **le jour même** au helpdesk (demande ou téléphone) : numéro d'inventaire ou de série, où et quand il a été vu pour la dernière fois.
2. Le helpdesk **verrouille** l'appareil à distance : il affiche un message avec le téléphone de l'école et n'est plus utilisable.

## En cas de vol
Portez plainte à la police et envoyez le numéro du procès-verbal au helpdesk.

## Appareil retrouvé ?
Dites-le au helpdesk : le verrouillage est levé, l'appareil se reconfigure.

## Ensuite
L'appareil est noté *perdu* dans le registre. Le remplacement n'est pas automatique : le helpdesk répond à vos questions.""",
        ),
    ),
    DemoArticle(
        "ipad-frozen", PROBLEM, (REMOTE_HARDWARE,), IPADS,
        de=Version(
            "iPad reagiert nicht mehr: Neustart erzwingen",
            "Das iPad ist eingefroren oder bleibt schwarz: so erzwingen Sie einen Neustart, ohne Daten zu verlieren.",
            """## iPad mit Home-Taste (6. und 9. Generation)
Home-Taste und obere Taste **gleichzeitig** gedrückt halten, bis das Apple-Logo erscheint (etwa 10 Sekunden).

## iPad ohne Home-Taste (10. Generation)
1. Lauter-Taste kurz drücken,
2. Leiser-Taste kurz drücken,
3. obere Taste gedrückt halten, bis das Apple-Logo erscheint.

## Bleibt es schwarz
Eine Stunde mit dem Original-Netzteil laden, dann erneut versuchen.

Keine Daten gehen verloren. Startet das iPad danach in einer Schleife, melden Sie es dem Helpdesk mit der Inventarnummer.""",
        ),
        fr=Version(
            "L'iPad ne répond plus : forcer le redémarrage",
            "L'iPad est figé ou reste noir : forcer un redémarrage sans perdre de données.",
            """## iPad avec bouton principal (6e et 9e génération)
Maintenez **en même temps** le bouton principal et le bouton du haut jusqu'à l'apparition du logo Apple (environ 10 secondes).

## iPad sans bouton principal (10e génération)
1. Appuyez brièvement sur volume +,
2. appuyez brièvement sur volume −,
3. maintenez le bouton du haut jusqu'au logo Apple.

## S'il reste noir
Chargez une heure avec le chargeur d'origine, puis réessayez.

Aucune donnée n'est perdue. Si l'iPad redémarre ensuite en boucle, signalez-le au helpdesk avec son numéro d'inventaire.""",
        ),
    ),
    DemoArticle(
        "projector-connection", PROCEDURE, (REMOTE_HARDWARE,), (*PROJECTORS, *LAPTOPS_WINDOWS),
        de=Version(
            "Laptop mit dem Beamer verbinden",
            "Kabel, Quelle und Windows + P: in drei Schritten vom Laptop zum Bild an der Wand.",
            """## 1. Kabel
Das **HDMI**-Kabel des Raums am Laptop einstecken. Laptops nur mit USB-C: den HDMI-Adapter aus dem Raumkoffer verwenden.

## 2. Beamer einschalten und Quelle wählen
- Taste **On** am Beamer oder an der Fernbedienung; 30 Sekunden aufwärmen lassen.
- Taste **Source Search** drücken, bis *HDMI* oben links steht.

## 3. Bild am Laptop
**Windows + P** › **Duplizieren**. Ist das Bild verzerrt: Rechtsklick auf den Desktop › *Anzeigeeinstellungen* › Auflösung **1280 × 800** (EB-680Wi/695Wi) oder **1920 × 1080** (EB-L210SF).

## Kein Bild?
- Kabel an beiden Enden prüfen; anderes Kabel testen.
- Die Lampe *Status* am Beamer: orange blinkend = zu warm, Filter reinigen (siehe *Beamer: Warnlampe und dunkles Bild*).
- Dem Helpdesk: Raum, Inventarnummer des Beamers, welcher Laptop.""",
        ),
        fr=Version(
            "Connecter l'ordinateur au projecteur",
            "Câble, source et Windows + P : en trois étapes de l'ordinateur à l'image au mur.",
            """## 1. Câble
Branchez le câble **HDMI** de la classe sur l'ordinateur. Ordinateur uniquement en USB-C : utilisez l'adaptateur HDMI de la mallette de la classe.

## 2. Allumer le projecteur et choisir la source
- Touche **On** du vidéoprojecteur ou de la télécommande ; laissez chauffer 30 secondes.
- Appuyez sur **Source Search** jusqu'à voir *HDMI* en haut à gauche.

## 3. Image sur l'ordinateur
**Windows + P** › **Dupliquer**. Image déformée : clic droit sur le bureau › *Paramètres d'affichage* › résolution **1280 × 800** (EB-680Wi/695Wi) ou **1920 × 1080** (EB-L210SF).

## Pas d'image ?
- Vérifiez le câble aux deux bouts ; essayez un autre câble.
- Le voyant *Status* du projecteur : orange clignotant = trop chaud, nettoyez le filtre (voir *Projecteur : voyant d'alerte et image sombre*).
- Au helpdesk : la classe, le numéro d'inventaire du projecteur, quel ordinateur.""",
        ),
    ),
    DemoArticle(
        "projector-filter-lamp", PROBLEM, (REMOTE_HARDWARE, ONSITE), ("Epson EB-680Wi", "Epson EB-695Wi"),
        de=Version(
            "Beamer: Warnlampe und dunkles Bild (Filter und Lampe)",
            "Der Beamer schaltet sich aus, eine Lampe blinkt orange oder das Bild ist blass: Filter reinigen, Lampenstunden prüfen.",
            """Die Epson-Beamer EB-680Wi und EB-695Wi haben eine Lampe und einen Luftfilter.

## Orange blinkende Lampe „Temp“
Der Beamer ist zu warm. Meist ist der **Filter** verstaubt.
1. Beamer ausschalten und 10 Minuten abkühlen lassen.
2. Filterabdeckung an der Seite öffnen, Filter herausziehen.
3. Vorsichtig mit einem Staubsauger von außen absaugen, nicht waschen.
4. Filter einsetzen, Abdeckung schließen.

## Bild blass oder gelblich
Die Lampe ist am Ende. Menü › **Info** › *Lampenbetriebsstunden*: über 5000 Stunden (Modus Normal) muss sie ersetzt werden.

## Melden
Dem Helpdesk die Inventarnummer und die Lampenstunden schicken. Eine Ersatzlampe wird geliefert oder ein Techniker kommt; Beamer an der Decke bitte nicht selbst öffnen.""",
        ),
        fr=Version(
            "Projecteur : voyant d'alerte et image sombre (filtre et lampe)",
            "Le projecteur s'éteint, un voyant clignote en orange ou l'image est pâle : nettoyer le filtre, vérifier les heures de lampe.",
            """Les vidéoprojecteurs Epson EB-680Wi et EB-695Wi ont une lampe et un filtre à air.

## Voyant « Temp » orange clignotant
Le projecteur est trop chaud. Le plus souvent, le **filtre** est encrassé.
1. Éteignez le projecteur et laissez-le refroidir 10 minutes.
2. Ouvrez le cache du filtre sur le côté, retirez le filtre.
3. Aspirez doucement la poussière de l'extérieur, ne le lavez pas.
4. Remettez le filtre et refermez le cache.

## Image pâle ou jaunâtre
La lampe est en fin de vie. Menu › **Info** › *Heures de fonctionnement lampe* : au-delà de 5000 heures (mode Normal), il faut la remplacer.

## Signaler
Envoyez au helpdesk le numéro d'inventaire et les heures de lampe. Une lampe de remplacement est livrée ou un technicien passe ; n'ouvrez pas vous-même un projecteur fixé au plafond.""",
        ),
    ),
    DemoArticle(
        "epson-l210sf-overview", HARDWARE, (REMOTE_HARDWARE,), ("Epson EB-L210SF",),
        de=Version(
            "Epson EB-L210SF: Laser-Beamer mit kurzer Distanz",
            "Der Laser-Beamer der Lieferungen ab 2023: keine Lampe mehr, kabellose Übertragung, Pflege.",
            """Der **EB-L210SF** ist ein Laser-Beamer: Es gibt **keine Lampe** zu wechseln (Lebensdauer 20 000 Stunden).

## Anschlüsse
2 × HDMI, USB-A (Präsentation vom Stick), LAN, Audio-Ausgang.

## Kabellos zeigen
1. Am Beamer Quelle **Screen Mirroring** wählen.
2. Am Windows-Laptop **Windows + K** drücken und den Beamer wählen.
3. Laptop und Beamer müssen im gleichen Netz sein (**DS-Personal**).

## Pflege
Der Luftfilter wird einmal im Jahr abgesaugt. Die Linse nur mit einem Brillenputztuch reinigen.""",
        ),
        fr=Version(
            "Epson EB-L210SF : projecteur laser à courte focale",
            "Le projecteur laser des livraisons depuis 2023 : plus de lampe, projection sans fil, entretien.",
            """L'**EB-L210SF** est un projecteur laser : **aucune lampe** à remplacer (durée de vie 20 000 heures).

## Connexions
2 × HDMI, USB-A (présentation depuis une clé), LAN, sortie audio.

## Projeter sans fil
1. Sur le projecteur, choisissez la source **Screen Mirroring**.
2. Sur le portable Windows, appuyez sur **Windows + K** et choisissez le projecteur.
3. Le portable et le projecteur doivent être sur le même réseau (**EN-Personnel**).

## Entretien
Le filtre à air s'aspire une fois par an. Nettoyez l'objectif uniquement avec un chiffon à lunettes.""",
        ),
    ),
    DemoArticle(
        "password-reset", PROCEDURE, (REMOTE_TOOLS,), (),
        de=Version(
            "Passwort vergessen: das Schulkonto zurücksetzen",
            "Sie kommen nicht mehr in Ihr Schulkonto? Setzen Sie das Passwort selbst zurück oder lassen Sie es vom IKT-Ansprechpartner tun.",
            """Ihr **Schulkonto** (E-Mail der Schule) gilt für die Laptops, das WLAN DS-Personal, die E-Mail und die Lernplattform.

## Selbst zurücksetzen
1. Auf der Anmeldeseite **Passwort vergessen?** klicken.
2. Ihre Schul-E-Mail-Adresse eingeben.
3. Den Code eingeben, den Sie per SMS oder an Ihre private E-Mail-Adresse bekommen (bei der ersten Anmeldung hinterlegt).
4. Ein neues Passwort wählen: mindestens 12 Zeichen, ein Satz ist leichter zu merken als ein Wort.

## Keine Telefonnummer hinterlegt?
Der **IKT-Ansprechpartner** Ihrer Schule kann ein vorläufiges Passwort vergeben. Ist er nicht erreichbar, rufen Sie den Helpdesk an: wir prüfen Ihre Identität mit einem Rückruf an die Schule.

## Danach
- Auf dem Laptop meldet Windows das alte Passwort eventuell noch einmal: mit dem **neuen** anmelden.
- Im WLAN das Netz entfernen und mit dem neuen Passwort neu verbinden.

Der Helpdesk fragt **nie** per E-Mail nach Ihrem Passwort.""",
        ),
        fr=Version(
            "Mot de passe oublié : réinitialiser le compte scolaire",
            "Vous n'arrivez plus à entrer dans votre compte scolaire ? Réinitialisez le mot de passe vous-même ou demandez-le au référent TIC.",
            """Votre **compte scolaire** (e-mail de l'école) sert pour les portables, le Wi-Fi EN-Personnel, la messagerie et la plateforme d'apprentissage.

## Réinitialiser soi-même
1. Sur la page de connexion, cliquez sur **Mot de passe oublié ?**
2. Saisissez votre adresse e-mail scolaire.
3. Entrez le code reçu par SMS ou sur votre adresse e-mail privée (indiquée lors de la première connexion).
4. Choisissez un nouveau mot de passe : 12 caractères au moins ; une phrase se retient mieux qu'un mot.

## Aucun numéro de téléphone enregistré ?
Le **référent TIC** de votre école peut donner un mot de passe provisoire. S'il est absent, appelez le helpdesk : nous vérifions votre identité en rappelant l'école.

## Ensuite
- Sur le portable, Windows peut redemander l'ancien mot de passe : connectez-vous avec le **nouveau**.
- Pour le Wi-Fi, oubliez le réseau et reconnectez-vous avec le nouveau mot de passe.

Le helpdesk ne vous demande **jamais** votre mot de passe par e-mail.""",
        ),
    ),
    DemoArticle(
        "account-locked", PROBLEM, (REMOTE_TOOLS,), (),
        de=Version(
            "Konto gesperrt nach zu vielen Versuchen",
            "Nach mehreren falschen Passwörtern ist das Schulkonto 30 Minuten gesperrt. Was Sie tun können.",
            """Nach **fünf** falschen Passwörtern wird das Schulkonto für **30 Minuten** gesperrt, zum Schutz vor Angriffen.

## Was tun
1. 30 Minuten warten, dann mit dem richtigen Passwort anmelden.
2. Passwort nicht mehr sicher? [Passwort zurücksetzen](../passwort-vergessen-das-schulkonto-zurucksetzen/).
3. Häufige Ursache: ein altes Passwort ist noch auf dem Smartphone (E-Mail-App, WLAN) gespeichert und versucht es immer wieder. Dort das Passwort aktualisieren.

## Wird es sofort wieder gesperrt?
Melden Sie sich beim Helpdesk: wir sehen, von welchem Gerät die falschen Versuche kommen.""",
        ),
        fr=Version(
            "Compte bloqué après trop de tentatives",
            "Après plusieurs mauvais mots de passe, le compte scolaire est bloqué 30 minutes. Ce que vous pouvez faire.",
            """Après **cinq** mots de passe erronés, le compte scolaire est bloqué pendant **30 minutes**, pour le protéger des attaques.

## Que faire
1. Attendez 30 minutes, puis connectez-vous avec le bon mot de passe.
2. Vous n'êtes plus sûr du mot de passe ? [Réinitialisez-le](../mot-de-passe-oublie-reinitialiser-le-compte-scolaire/).
3. Cause fréquente : un ancien mot de passe est encore enregistré sur le smartphone (messagerie, Wi-Fi) et réessaie sans cesse. Mettez-le à jour là aussi.

## Il se bloque à nouveau tout de suite ?
Contactez le helpdesk : nous voyons de quel appareil viennent les tentatives erronées.""",
        ),
    ),
    DemoArticle(
        "odoo-access-reopen", PROCEDURE, (REMOTE_TOOLS,), (),
        de=Version(
            "Zugang zum Verwaltungstool Odoo wieder öffnen lassen",
            "Ihr Zugang zum Odoo-Verwaltungstool des Programms ist gesperrt oder abgelaufen? So bekommen Sie ihn schnell zurück.",
            """Im **Odoo-Verwaltungstool** des Programms verwaltet die Schule ihre Geräteakten, Lieferungen und Anträge. Der Zugang wird nach **90 Tagen ohne Anmeldung** oder nach zu vielen Fehlversuchen gesperrt.

## Wer kann es anfragen?
Der **IKT-Ansprechpartner** oder die Schulleitung, für ein Konto der eigenen Schule.

## So geht es
1. Neue Anfrage öffnen, Kategorie **Verwaltungstools (z. B. Odoo-Zugang)**.
2. Angeben: Name und E-Mail der Person, deren Zugang wieder geöffnet werden soll, und ob sie noch an der Schule arbeitet.
3. Der Helpdesk öffnet den Zugang, meist am selben Tag. Sie bekommen eine E-Mail von Odoo mit einem Link, um ein neues Passwort zu setzen (24 Stunden gültig).

## Gut zu wissen
- Für eine neue Person (neues Konto) bitte die Schulleitung um die Anfrage bitten.
- Jede Wiederöffnung wird protokolliert (wer, wann, für wen).
- Link abgelaufen? Auf der Odoo-Anmeldeseite **Passwort zurücksetzen** nutzen.""",
        ),
        fr=Version(
            "Faire rouvrir l'accès à l'outil de gestion Odoo",
            "Votre accès à l'outil de gestion Odoo du programme est bloqué ou expiré ? Voici comment le récupérer rapidement.",
            """Dans l'**outil de gestion Odoo** du programme, l'école gère ses dossiers d'équipement, ses livraisons et ses demandes. L'accès est bloqué après **90 jours sans connexion** ou après trop de tentatives erronées.

## Qui peut le demander ?
Le **référent TIC** ou la direction, pour un compte de sa propre école.

## Marche à suivre
1. Ouvrez une nouvelle demande, catégorie **Outils de gestion (par ex. accès Odoo)**.
2. Indiquez : le nom et l'e-mail de la personne dont l'accès doit être rouvert, et si elle travaille toujours à l'école.
3. Le helpdesk rouvre l'accès, le plus souvent le jour même. Vous recevez un e-mail d'Odoo avec un lien pour choisir un nouveau mot de passe (valable 24 heures).

## Bon à savoir
- Pour une nouvelle personne (nouveau compte), demandez à la direction d'introduire la demande.
- Chaque réouverture est enregistrée (qui, quand, pour qui).
- Lien expiré ? Utilisez **Réinitialiser le mot de passe** sur la page de connexion d'Odoo.""",
        ),
    ),
    DemoArticle(
        "odoo-access-internal", PROCEDURE, (REMOTE_TOOLS,), (), internal=True,
        de=Version(
            "Helpdesk: Odoo-Zugang wieder öffnen (interne Schritte)",
            "Interne Checkliste: Berechtigung prüfen, Zugang wieder öffnen, protokollieren, der Schule antworten.",
            """Nur für das Helpdesk-Team.

1. **Berechtigung prüfen**: Die Anfrage kommt vom IKT-Ansprechpartner oder der Schulleitung der Schule, zu der das Odoo-Konto gehört. Sonst bei der Schule telefonisch bestätigen lassen.
2. In Odoo: *Einstellungen* › *Benutzer* › Konto suchen (E-Mail) › **Archiviert** aufheben bzw. *Sperre aufheben*.
3. **Passwort-Link senden** (nie ein Passwort ins Ticket schreiben).
4. Im Ticket eine interne Notiz: Konto, Uhrzeit, wer angefragt hat.
5. Der Schule mit dem öffentlichen Artikel *Zugang zum Verwaltungstool Odoo wieder öffnen lassen* antworten und das Ticket auf *Gelöst* setzen.

Person hat die Schule verlassen: Zugang **nicht** öffnen, die Schulleitung informieren.""",
        ),
        fr=Version(
            "Helpdesk : rouvrir un accès Odoo (étapes internes)",
            "Liste interne : vérifier le droit, rouvrir l'accès, tracer, répondre à l'école.",
            """Réservé à l'équipe du helpdesk.

1. **Vérifier le droit** : la demande vient du référent TIC ou de la direction de l'école à laquelle appartient le compte Odoo. Sinon, faire confirmer par téléphone par l'école.
2. Dans Odoo : *Paramètres* › *Utilisateurs* › chercher le compte (e-mail) › retirer **Archivé** ou *Débloquer*.
3. **Envoyer le lien de mot de passe** (jamais de mot de passe dans le ticket).
4. Dans le ticket, une note interne : compte, heure, qui a demandé.
5. Répondre à l'école avec l'article public *Faire rouvrir l'accès à l'outil de gestion Odoo* et passer le ticket en *Résolu*.

La personne a quitté l'école : **ne pas** rouvrir l'accès, informer la direction.""",
        ),
    ),
    DemoArticle(
        "onsite-visit-prepare", PROCEDURE, (ONSITE,), (),
        de=Version(
            "Einen Technikerbesuch vorbereiten",
            "Ein Techniker kommt in die Schule: was vorher bereit sein muss, damit der Besuch das Problem löst.",
            """Wenn ein Problem nicht aus der Ferne gelöst werden kann, plant der Helpdesk einen **Vor-Ort-Einsatz**. Sie bekommen Datum und Zeitfenster per E-Mail.

## Vorher
1. **Zugang**: Jemand empfängt den Techniker am Eingang und hat die Schlüssel der Räume (auch Technikraum mit dem Switch).
2. **Geräte bereitlegen**: die betroffenen Geräte mit Netzteil, eingeschaltet oder geladen, mit Inventarnummer.
3. **Liste**: Raum, Gerät, Problem in einem Satz. Eine Liste auf Papier spart Zeit.
4. **Konten**: Falls der Techniker sich anmelden muss, ist ein Konto der Schule nötig; Passwörter nicht aufschreiben, sondern selbst eingeben.
5. Leiter oder Stehleiter für Access Points und Beamer an der Decke.

## Während des Besuchs
Der Techniker schreibt einen Bericht in die Anfrage: was gemacht wurde und was offen bleibt.

## Termin verschieben
Spätestens **am Vortag bis 12 Uhr** in der Anfrage antworten oder anrufen.""",
        ),
        fr=Version(
            "Préparer la visite d'un technicien",
            "Un technicien vient à l'école : ce qui doit être prêt pour que la visite règle le problème.",
            """Quand un problème ne peut pas être réglé à distance, le helpdesk planifie une **intervention sur place**. Vous recevez la date et le créneau par e-mail.

## Avant
1. **Accès** : quelqu'un accueille le technicien à l'entrée et a les clés des locaux (y compris le local technique avec le switch).
2. **Appareils prêts** : les appareils concernés avec leur chargeur, allumés ou chargés, avec leur numéro d'inventaire.
3. **Liste** : local, appareil, problème en une phrase. Une liste papier fait gagner du temps.
4. **Comptes** : si le technicien doit se connecter, il faut un compte de l'école ; ne notez pas les mots de passe, saisissez-les vous-même.
5. Une échelle ou un escabeau pour les bornes Wi-Fi et les projecteurs au plafond.

## Pendant la visite
Le technicien écrit un rapport dans la demande : ce qui a été fait et ce qui reste ouvert.

## Déplacer le rendez-vous
Au plus tard **la veille avant midi**, en répondant dans la demande ou par téléphone.""",
        ),
    ),
    DemoArticle(
        "printer-setup", PROCEDURE, (REMOTE_HARDWARE,), ("HP LaserJet Pro MFP 4102fdw",),
        de=Version(
            "Drucker der Schule hinzufügen und drucken",
            "Den HP-Multifunktionsdrucker am Laptop hinzufügen, drucken und scannen.",
            """Die Schule hat einen **HP LaserJet Pro MFP 4102fdw** im Lehrerzimmer.

## Drucker hinzufügen (Windows)
1. **Einstellungen** › **Bluetooth und Geräte** › **Drucker und Scanner** › *Gerät hinzufügen*.
2. Den Drucker *HP LaserJet Pro 4102* (Name: Schulnummer-LZ) wählen. Laptop muss im WLAN **DS-Personal** sein.
3. Testseite drucken.

## Drucken vom Chromebook oder iPad
Der Drucker erscheint automatisch im Druckdialog, wenn das Gerät im Netz der Schule ist.

## Der Drucker druckt nicht
- Papier und Toner prüfen (Anzeige am Drucker).
- Druckwarteschlange leeren: *Drucker und Scanner* › Drucker › *Warteschlange öffnen* › alles abbrechen.
- Drucker aus- und einschalten.

## Scannen
Am Drucker **Scannen** › *An E-Mail* › Ihre Schul-E-Mail wählen.""",
        ),
        fr=Version(
            "Ajouter l'imprimante de l'école et imprimer",
            "Ajouter l'imprimante multifonction HP sur l'ordinateur, imprimer et scanner.",
            """L'école dispose d'une **HP LaserJet Pro MFP 4102fdw** en salle des professeurs.

## Ajouter l'imprimante (Windows)
1. **Paramètres** › **Bluetooth et appareils** › **Imprimantes et scanners** › *Ajouter un appareil*.
2. Choisissez l'imprimante *HP LaserJet Pro 4102* (nom : numéro-école-SP). L'ordinateur doit être sur le Wi-Fi **EN-Personnel**.
3. Imprimez une page de test.

## Imprimer depuis un Chromebook ou un iPad
L'imprimante apparaît automatiquement dans la fenêtre d'impression si l'appareil est sur le réseau de l'école.

## L'imprimante n'imprime pas
- Vérifiez le papier et le toner (affichage de l'imprimante).
- Videz la file d'attente : *Imprimantes et scanners* › imprimante › *Ouvrir la file d'attente* › tout annuler.
- Éteignez puis rallumez l'imprimante.

## Scanner
Sur l'imprimante, **Numériser** › *Vers e-mail* › choisissez votre e-mail scolaire.""",
        ),
    ),
    DemoArticle(
        "document-camera", HARDWARE, (REMOTE_HARDWARE,), ("IPEVO V4K document camera",),
        de=Version(
            "Dokumentenkamera IPEVO V4K mit dem Display nutzen",
            "Hefte, Bücher und Experimente groß zeigen: die Dokumentenkamera anschließen und scharf stellen.",
            """## Anschließen
Die **IPEVO V4K** wird per USB am Laptop angeschlossen (nicht am Display).

## Bild zeigen
1. Programm **Visualizer** (Startmenü) öffnen; am Chromebook die App *Kamera* und oben *Externe Kamera* wählen.
2. Arm über das Dokument schwenken.
3. Einmal auf das Bild tippen oder *AF* drücken: die Kamera stellt scharf.

## Tipps
- Das Licht des Raums reicht meist; bei Spiegelungen das Blatt leicht schräg legen.
- In Teams oder Zoom als zweite Kamera wählen, um sie in einer Videokonferenz zu zeigen.

Kein Bild? Anderen USB-Anschluss probieren, Programm neu starten.""",
        ),
        fr=Version(
            "Caméra de documents IPEVO V4K avec l'écran interactif",
            "Montrer en grand cahiers, livres et expériences : brancher la caméra de documents et faire la mise au point.",
            """## Brancher
L'**IPEVO V4K** se branche en USB sur l'ordinateur (pas sur l'écran).

## Afficher l'image
1. Ouvrez le programme **Visualizer** (menu Démarrer) ; sur Chromebook, l'app *Caméra* puis *Caméra externe* en haut.
2. Placez le bras au-dessus du document.
3. Touchez une fois l'image ou appuyez sur *AF* : la caméra fait la mise au point.

## Astuces
- La lumière de la classe suffit en général ; en cas de reflets, inclinez légèrement la feuille.
- Dans Teams ou Zoom, choisissez-la comme seconde caméra pour la montrer en visioconférence.

Pas d'image ? Essayez une autre prise USB et relancez le programme.""",
        ),
    ),
    DemoArticle(
        "remote-session", PROCEDURE, (REMOTE_HARDWARE,), LAPTOPS_WINDOWS,
        de=Version(
            "Fernwartung: dem Helpdesk den Bildschirm freigeben",
            "Der Helpdesk möchte sich auf Ihren Laptop schalten? So starten Sie die Sitzung und behalten die Kontrolle.",
            """Viele Probleme löst der Helpdesk am schnellsten, indem er Ihren Bildschirm sieht und die Maus übernimmt. Das geht **nur mit Ihrer Zustimmung**.

## Sitzung starten
1. Am Laptop das Programm **Fernhilfe Digitale Schule** öffnen (Startmenü oder Desktop-Symbol).
2. Es zeigt eine **ID** (9 Ziffern) und ein Kennwort.
3. Nennen Sie beides dem Helpdesk am Telefon oder schreiben Sie es in die Anfrage.
4. Wenn der Helpdesk sich verbindet, erscheint eine Frage: **Zulassen** klicken.

## Während der Sitzung
- Sie sehen alles, was der Helpdesk tut, und können jederzeit **Beenden** klicken.
- Schließen Sie vorher Dokumente mit persönlichen Daten von Schülern.

## Danach
Die Sitzung endet, wenn Sie das Programm schließen. Das Kennwort ändert sich bei jedem Start.""",
        ),
        fr=Version(
            "Assistance à distance : partager l'écran avec le helpdesk",
            "Le helpdesk souhaite prendre la main sur votre ordinateur ? Voici comment lancer la session en gardant le contrôle.",
            """Beaucoup de problèmes se règlent plus vite quand le helpdesk voit votre écran et prend la souris. Cela se fait **uniquement avec votre accord**.

## Lancer la session
1. Sur l'ordinateur, ouvrez le programme **Assistance École numérique** (menu Démarrer ou icône du bureau).
2. Il affiche un **identifiant** (9 chiffres) et un mot de passe.
3. Donnez-les au helpdesk par téléphone ou écrivez-les dans la demande.
4. Quand le helpdesk se connecte, une question apparaît : cliquez sur **Autoriser**.

## Pendant la session
- Vous voyez tout ce que fait le helpdesk et pouvez cliquer sur **Terminer** à tout moment.
- Fermez d'abord les documents contenant des données personnelles d'élèves.

## Ensuite
La session se termine quand vous fermez le programme. Le mot de passe change à chaque lancement.""",
        ),
    ),
    DemoArticle(
        "coverage-after-three-years", PROBLEM, (QUESTION,), (),
        de=Version(
            "Gerät älter als drei Jahre: wer zahlt die Reparatur?",
            "Nach drei Jahren gehört das Gerät der Schule. Der Helpdesk hilft weiter, die Reparatur zahlt die Schule.",
            """Mit Mitteln des Programms gekaufte Geräte werden **drei Jahre nach der Lieferung** Eigentum der Schule.

## Was das heißt
| Zeitraum | Hilfe des Helpdesks | Reparatur |
|---|---|---|
| bis 3 Jahre nach Lieferung | ja | über das Programm |
| 3 bis 8 Jahre nach Lieferung | ja (Diagnose, Einstellungen, Fernhilfe) | zu Lasten der Schule |
| danach | auf Antrag, von Fall zu Fall | zu Lasten der Schule |

Die **Herstellergarantie** ist davon unabhängig: Ein Gerät kann nach drei Jahren noch Garantie haben; der Helpdesk sagt es Ihnen.

## Wo sehe ich das?
Der IKT-Ansprechpartner sieht im Portal zu jedem Gerät das Lieferdatum und die Phase.

## Verlängerung
Nach acht Jahren kann die Schule eine Verlängerung der Hilfe beantragen: eine Anfrage mit Begründung genügt.""",
        ),
        fr=Version(
            "Appareil de plus de trois ans : qui paie la réparation ?",
            "Après trois ans, l'appareil appartient à l'école. Le helpdesk continue d'aider, la réparation est à charge de l'école.",
            """Les appareils achetés avec les moyens du programme deviennent la propriété de l'école **trois ans après la livraison**.

## Ce que cela signifie
| Période | Aide du helpdesk | Réparation |
|---|---|---|
| jusqu'à 3 ans après la livraison | oui | par le programme |
| de 3 à 8 ans après la livraison | oui (diagnostic, réglages, assistance à distance) | à charge de l'école |
| au-delà | sur demande, au cas par cas | à charge de l'école |

La **garantie du fabricant** est indépendante : un appareil peut encore être sous garantie après trois ans ; le helpdesk vous le dira.

## Où le voir ?
Le référent TIC voit dans le portail la date de livraison et la phase de chaque appareil.

## Prolongation
Après huit ans, l'école peut demander une prolongation de l'aide : une demande motivée suffit.""",
        ),
    ),
    DemoArticle(
        "display-triage-internal", PROBLEM, (REMOTE_HARDWARE, ONSITE), DISPLAYS, internal=True,
        de=Version(
            "Helpdesk: Checkliste bei Display-Störungen",
            "Interne Fragen und Prüfungen, bevor ein Techniker zu einem Display geschickt wird.",
            """Nur für das Helpdesk-Team. Ziel: unnötige Vor-Ort-Einsätze vermeiden.

1. **Quelle**: Hat die Schule den Eingang geprüft? Link zum Artikel *Display zeigt „Kein Signal“* schicken.
2. **Touch**: USB-Touch-Kabel vorhanden und am passenden Anschluss?
3. **Fernwartung**: Laptop per Fernhilfe öffnen, im Geräte-Manager *HID-konformer Touchscreen* prüfen.
4. **Firmware**: Im Portal des Herstellers (Promethean: *Panel Management*, Clevertouch: *CleverShare Manager*) die Version prüfen, Update anstoßen.
5. **Phase**: Gerät noch in der Programmphase? Sonst die Schule auf die Kosten hinweisen, bevor ein Techniker geplant wird.
6. Erst dann: Team *Vor Ort*, mit Fotos und Ergebnis der Prüfungen in einer internen Notiz.""",
        ),
        fr=Version(
            "Helpdesk : liste de contrôle pour les pannes d'écran",
            "Questions et vérifications internes avant d'envoyer un technicien pour un écran.",
            """Réservé à l'équipe du helpdesk. But : éviter les interventions sur place inutiles.

1. **Source** : l'école a-t-elle vérifié l'entrée ? Envoyer le lien de l'article *L'écran affiche « Pas de signal »*.
2. **Tactile** : le câble USB tactile est-il présent et sur la bonne prise ?
3. **Assistance à distance** : ouvrir le portable à distance, vérifier *Écran tactile HID* dans le gestionnaire de périphériques.
4. **Firmware** : dans le portail du fabricant (Promethean : *Panel Management*, Clevertouch : *CleverShare Manager*), vérifier la version, lancer la mise à jour.
5. **Phase** : l'appareil est-il encore en phase programme ? Sinon, prévenir l'école des frais avant de planifier un technicien.
6. Seulement ensuite : équipe *Sur place*, avec photos et résultat des vérifications dans une note interne.""",
        ),
    ),
    DemoArticle(
        "teams-camera-microphone", PROBLEM, (REMOTE_HARDWARE,), LAPTOPS_WINDOWS,
        de=Version(
            "Kamera oder Mikrofon funktionieren in der Videokonferenz nicht",
            "Die anderen sehen oder hören Sie nicht? Kamera-Schieber, Stummtaste und die Auswahl im Programm prüfen.",
            """## Kamera schwarz
1. **Schieber** über der Kamera öffnen (HP ProBook, ThinkPad: kleiner Schieber am oberen Rand).
2. Im Programm (Teams, Zoom, Meet) unter *Geräteeinstellungen* die Kamera **Integrierte Kamera** wählen, nicht die Dokumentenkamera.
3. Windows: **Einstellungen** › **Datenschutz** › **Kamera**: Zugriff für Apps erlaubt.

## Mikrofon stumm
- Stummtaste **F8** (HP) oder **F4** (Lenovo): die Lampe in der Taste muss aus sein.
- Im Programm das richtige Mikrofon wählen (Headset oder *Mikrofonarray*).

## Immer noch nicht?
Laptop neu starten. Dann dem Helpdesk die Inventarnummer und das Programm nennen.""",
        ),
        fr=Version(
            "La caméra ou le micro ne fonctionne pas en visioconférence",
            "Les autres ne vous voient ou ne vous entendent pas ? Vérifier le cache de la caméra, la touche muet et le choix dans le programme.",
            """## Caméra noire
1. Ouvrez le **cache** de la caméra (HP ProBook, ThinkPad : petit curseur au bord supérieur).
2. Dans le programme (Teams, Zoom, Meet), sous *Paramètres des périphériques*, choisissez la **caméra intégrée**, pas la caméra de documents.
3. Windows : **Paramètres** › **Confidentialité** › **Caméra** : accès autorisé pour les applications.

## Micro muet
- Touche muet **F8** (HP) ou **F4** (Lenovo) : le voyant de la touche doit être éteint.
- Dans le programme, choisissez le bon micro (casque ou *réseau de microphones*).

## Toujours pas ?
Redémarrez l'ordinateur. Puis donnez au helpdesk le numéro d'inventaire et le programme utilisé.""",
        ),
    ),
    DemoArticle(
        "unifi-switch-internal", HARDWARE, (REMOTE_HARDWARE, ONSITE), ("Ubiquiti UniFi Switch 24 PoE",), internal=True,
        de=Version(
            "UniFi Switch 24 PoE: Belegung und PoE-Budget (intern)",
            "Für Helpdesk und Techniker: welche Ports die Access Points versorgen und wie viel PoE-Leistung verfügbar ist.",
            """Nur für Programmpersonal.

- **Ports 1–16**: PoE+ für Access Points und Displays mit LAN; **Ports 17–24**: Daten ohne PoE.
- PoE-Budget: 95 W. Ein U6 Pro braucht bis zu 13 W: höchstens 7 Access Points pro Switch.
- Uplink: Port **SFP 1** zum Router der Schule.
- Neustart eines Ports aus dem Controller: *Ports* › Port wählen › *Power Cycle* (startet den angeschlossenen Access Point neu).

Bei Ausfall des ganzen Switches: Vor-Ort-Einsatz, Ersatzgerät aus dem Lager mitnehmen.""",
        ),
        fr=None,
    ),
)
# fmt: on
