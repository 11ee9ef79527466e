//! German rules, written in folded form (ä → ae, ß → ss). Besides the
//! sources in `Category::basis`: §4a UWG (aggressive geschäftliche
//! Handlungen: Belästigung, Nötigung, "Drohungen mit rechtlich unzulässigen
//! Handlungen") and the Inkasso rules of §43d BRAO / §13a RDG on
//! misleading statements.

use super::Category::*;
use super::{fill, rule, why, Rule};

const POSS: &str = "ihr|ihre|ihren|ihrem|ihrer|dein|deine|deinen|deinem|deiner";

const PEOPLE: &str = "kunde*|kundschaft|arbeitgeber*|chef*|vorgesetzte*|nachbar*|familie*|frau|mann|ehefrau|ehemann|eltern|kind*|schule|lieferant*|geschaeftspartner*|vermieter*|freund*|verwandte*|gemeinde|kirche|verein|auftraggeber*";

pub(super) fn rules() -> Vec<Rule> {
    vec![
        // Drohung mit Besuch, Gewalt.
        rule(
            Threat,
            "besuch*,aufsuch*,vorbeikomm*,vorbeischau*,vorbei,kommen,komme,kommt,erscheinen,erscheint,auftauch*,klingel*,klopf*,stehen,stehe,steht,warten,abholen,holen;auf der matte,ob es ihnen passt oder nicht,ob sie wollen oder nicht,unangemeldet,ohne vorwarnung,
             {POSS} wohnung|haus|tuer|haustuer|adresse|arbeit|arbeitsstelle|arbeitsplatz|firma|buero|geschaeft|betrieb|werkstatt|laden|zuhause,bei ihnen|dir zu hause,zu ihnen|dir nach hause,bei ihnen vorbei,bei ihnen,vor der tuer,vor {POSS} tuer|haustuer|wohnung|firma|arbeit",
            why::VISIT,
        )
        .near(6)
        .unless("gerne,gern,wenn sie moechten,auf wunsch,termin,vereinbaren,einladen,eingeladen,wunsch"),
        rule(
            Threat,
            "schicken,schicke,schick,senden,vorbeischicken,vorbeisenden,vorbeigeschickt;jemand*,leute,maenner,jungs,unsere leute|jungs|maenner,eintreiber*,geldeintreiber*,schuldeneintreiber*",
            why::SEND,
        )
        .near(4),
        rule(
            Threat,
            "eintreiber*,geldeintreiber*,schuldeneintreiber*,unsere leute|jungs|maenner|mitarbeiter,jemand,jemanden,einer unserer _;besuch*,aufsuch*,aufgesucht,vorbeikomm*,vorbeigekommen,vorbeischau*,vorbei,klingel*,vor ihrer|der tuer,abholen,persoenlich",
            why::SEND,
        )
        .near(5),
        rule(Threat, "vorbei,kommen,komme,holen,hole,holt,aufsuch*,aufgesucht,besuch*,vorbeikomm*,vorbeischau*,abhol*,abgeholt,kassier*;persoenlich,von angesicht zu angesicht,daheim,zu hause,an ihrem arbeitsplatz", why::VISIT).near(3),
        rule(Threat, "rechnen,erwarten;besuch", why::VISIT).near(4).unless("gerne,gern,termin,vereinbaren"),
        rule(Threat, "statten,abstatten,abstatte,abgestattet;besuch", why::VISIT).near(4).unless("gerne,gern,wenn sie moechten,auf wunsch,termin,vereinbaren"),
        rule(Threat, "ein|einen besuch von uns|unseren|unserem,besuch von unseren|unserem _", why::VISIT).unless("gerne,gern,wenn sie moechten,auf wunsch,termin,vereinbaren"),
        rule(Threat, "im auge,im blick,im visier;behalten,behalte,haben,habe,behalt*;sie,dich", why::WATCH).near(3),
        rule(
            Threat,
            "ich weiss wo,ich weiss wo sie|ihr|ihre,warte|warten auf sie wenn,warte|warten vor ihrem|ihrer,selbst in die hand,die sache selbst in die hand,passen sie auf wenn,wo wir sie|dich finden,passen sie _ auf sich auf,passen sie auf sich auf,pass auf dich auf,wissen wo {POSS} _ ist|liegt|steht|sind|wohnen|wohnt,wissen wo sie wohnen|arbeiten|sind|wohnst|arbeitest,wissen wo du wohnst|arbeitest,wir finden sie,wir werden sie finden,wir kriegen sie|dich,wir beobachten sie|dich,im auge behalten,sie im blick,wir haben sie im auge|visier",
            why::WATCH,
        ),
        rule(
            Threat,
            "zu schaden kommen|kommt,schaden nehmen,weh tun,wehtun,gewalt,gewaltsam*,mit gewalt,gewaltig aerger,pruegel*,verpruegel*,zusammenschlag*,schlagen sie|dich,kaputtmach*,kaputt machen|schlagen,zerstoeren ihr|ihre|ihren,demolier*,anzuend*,abfackel*,knochen brechen,beine brechen,die tuer eintreten,tuer aufbrechen,verletzen sie|dich,verletzt werden",
            why::HARM,
        )
        .unless("hoehere gewalt,pflicht*,vertrag*,vertraglich*"),
        // Falsche Folgen.
        rule(
            FalseConsequence,
            "vorbestraft,verhaft*,festnehm*,festgenommen,festnahme,gefaengnis*,knast*,haft,haftbefehl*,inhaftier*,hinter gitter,eingesperrt,einsperr*,einbuchten,handschellen,vorstrafe*",
            why::PRISON,
        ),
        rule(
            FalseConsequence,
            "polizei*,strafanzeige*,anzeige erstatten,erstatten anzeige,erstatten wir anzeige,anzeige wegen,anzeige bei der polizei,strafbar*,straftat*,kriminell*,staatsanwalt*,strafverfolgung,strafrecht*,strafverfahren*,werden sie anzeigen,zeigen wir sie an,wir zeigen sie an",
            why::CRIME,
        ),
        rule(
            FalseConsequence,
            "betrug,betrugs,betrueger*,betruegerisch*,betrogen,dieb,diebe,diebin,diebstahl,gestohlen,stehlen,veruntreu*,zechprell*,eingehungsbetrug",
            why::FRAUD,
        )
        .unless("schuetz*,phishing,vorsicht,gefaelscht*,warnung vor,bankdaten,bankverbindung,betrugsversuch*"),
        rule(
            FalseConsequence,
            "pfaend*,gepfaendet,lohnpfaendung,kontopfaendung,gehaltspfaendung,beschlagnahm*,zwangsversteiger*,gerichtsvollzieher*,vollziehungsbeamt*",
            why::BAILIFF,
        )
        .unless("titel,vollstreckungstitel,urteil,vollstreckungsbescheid,gerichtlichen entscheidung,nach einem,erst nach,erst wenn"),
        rule(
            FalseConsequence,
            "mitnehm*,mitgenommen,wegnehm*,weggenommen,nehme,nimmt,nehmen,holen,abholen,abgeholt,einbehalt*,einbehalten,versteiger*,abschlepp*,abgeschlepp*,leerraeumen,leergeraeumt,ausraeum*,ausgeraeumt;{POSS} auto|wagen|haus|wohnung|eigentum|moebel|lohn|gehalt|konto|bankkonto|ersparnisse|rente|sachen|fahrzeug|werkzeug|fernseher|schmuck|transporter|lieferwagen|werkzeuge|maschinen|lkw,{POSS} hab und gut,alles was sie haben|besitzen,ihnen alles",
            why::SEIZE,
        )
        .near(5)
        .unless("titel,urteil,gericht*,eigentumsvorbehalt,gelieferte ware"),
        rule(FalseConsequence, "einfrier*,eingefroren,gesperrt,sperren lassen;vermoegen,konto,konten,gehalt,lohn,ersparnisse,bankkonto", why::SEIZE)
            .near(4)
            .unless("titel,urteil,gericht*"),
        rule(FalseConsequence, "lasse,lassen,laesst;{POSS} lohn|gehalt|konto|konten|auto|transporter|vermoegen;sperren,pfaenden,einfrieren,abschleppen,beschlagnahmen", why::SEIZE).near(4).unless("titel,urteil,gericht*"),
        rule(FalseConsequence, "raeumen,raeume,raeumt;{POSS} wohnung|haus|laden|buero|lager|werkstatt;leer", why::SEIZE).near(4),
        rule(FalseConsequence, "schuldnerverzeichnis,in die insolvenz treiben,in den ruin treiben,pleite machen,in die pleite", why::POWER),
        rule(
            FalseConsequence,
            "ein leben lang,ihr leben lang,lebenslang,fuer immer,bis ans ende,ihr ganzes leben,jahrzehntelang;verfolg*,begleit*,haengen,nachhaengen,anhaengen",
            why::LIFE,
        )
        .near(5),
        rule(
            FalseConsequence,
            "ruinier*,zerstoer*,vernicht*;ruf,existenz,kreditwuerdigkeit,bonitaet,geschaeft,firma,leben,zukunft,namen,unternehmen,karriere,sie",
            why::RUIN,
        )
        .near(4),
        rule(
            FalseConsequence,
            "nie wieder,nie mehr,niemals wieder,je wieder,jemals wieder;kredit,darlehen,handyvertrag,vertrag,arbeit,auftraege,auftrag,geschaeft*,finanzierung,leihen,geld leihen",
            why::NEVER,
        )
        .near(4)
        .no_neg(),
        rule(
            FalseConsequence,
            "verlieren,verliert,verloren;alles,{POSS} haus|wohnung|firma|job|arbeit|kinder|existenz|auto|geschaeft",
            why::LOSE,
        )
        .near(5)
        .unless("beratung,schuldnerberatung,hilfe,kostenlos*,unterstuetzung"),
        rule(
            FalseConsequence,
            "abschieb*,ausweisung,aufenthaltsgenehmigung,aufenthaltstitel,wir machen sie fertig,machen sie fertig,mache dich fertig",
            why::POWER,
        ),
        // Versteckte Drohungen, Druck.
        rule(
            Pressure,
            "konsequenzen,folgen;tragen,spueren,rechnen,ziehen,leben muessen,bekommen,erleben,ausbaden",
            why::VEILED,
        )
        .near(4)
        .unless("rechtlich*,gerichtlich*,inkasso*,kosten,zinsen,mahngebuehr*,verzugszinsen"),
        rule(
            Pressure,
            "sie hatten ihre warnung,sonst gibt es probleme,sonst gibt es aerger,so oder so,nicht dass das|es eskaliert,eskalieren lassen,und sie werden sehen,nicht anders gewollt,selbst schuld,werden sich noch wundern,sie werden sich wundern,was mit leuten|menschen|denen passiert die,was mit schuldnern passiert,schwerer als es sein muss,schwerer als noetig,boeses ende,bose ende,boeses erwachen,boese ueberraschung,werden schon sehen,sie werden sehen was passiert,was dann passiert,hiermit gewarnt,sind hiermit gewarnt,als warnung,sagen sie nicht wir haetten sie nicht gewarnt,nicht gewarnt,kein spiel,mit dem feuer,denken sie an ihre familie|kinder|frau,wir meinen es ernst,oder sonst,sonst passiert was|etwas,sonst gibt es aerger,sonst wird es unangenehm,sonst werden sie es bereuen,aerger bekommen|kriegen,sie wurden gewarnt,seien sie gewarnt,sie sind gewarnt,betrachten sie sich als gewarnt,das ist eine warnung,wir haben mittel und wege,wir haben unsere mittel und wege,wir kennen mittel und wege,andere saiten,zu anderen mitteln greifen,auf eigene gefahr,auf ihre eigene gefahr,das werden sie bereuen,sie werden es bereuen,bereuen,wird ihnen leid tun,wird ihnen leidtun,leid tun wird,wird unangenehm,unangenehm werden|wird,ungemuetlich werden|wird,haesslich werden|wird,wir koennen auch anders,jetzt reicht es,jetzt reichts,schluss mit lustig,nicht zu spassen,nicht gut ausgehen|enden,nicht gut fuer sie,unfaelle passieren,wir kennen leute,wir haben kontakte|freunde",
            why::VEILED,
        ),
        rule(Pressure, "leben;schwer,zur hoelle,unertraeglich,schwierig,hoelle;machen,mache,macht", why::VEILED).near(3),
        rule(Pressure, "rufen,anrufen,schreiben,melden,besuchen,nerven;so lange,solange;bis", why::FREQUENCY).ordered().near(4),
        rule(Pressure, "geduld;am ende,erschoepft,zu ende,vorbei,hat grenzen,reisst,ist aufgebraucht", why::PATIENCE).near(3),
        rule(
            Pressure,
            "hoeren,hoeren sie,anruf*,rufen,rufe,melden,schreiben,besuchen;jeden tag,taeglich,staendig,immer wieder,rund um die uhr,stuendlich,tag und nacht,pausenlos,ununterbrochen",
            why::FREQUENCY,
        )
        .near(12),
        rule(
            Pressure,
            "wir geben nicht auf,wir lassen nicht locker,wir vergessen nicht,wir werden nicht aufhoeren,wir lassen sie nicht in ruhe,zahlen sie sofort|jetzt|umgehend oder,zahlen oder,sofort zahlen oder,jetzt zahlen oder,her mit dem geld,rueck das geld raus,ruecken sie das geld raus",
            why::ULTIMATUM,
        ),
        rule(
            Pressure,
            "leihen,borgen,verkaufen,nehmen,nehmen sie,kredit aufnehmen,darlehen aufnehmen,verpfaend*,beleihen;{POSS} haus|auto|wagen|schmuck|moebel|wohnung|sachen|eigentum,freunde*,familie,verwandt*,eltern,einen kredit,ein darlehen,dispo,ueberziehungskredit",
            why::BORROW,
        )
        .near(7),
        rule(
            Pressure,
            "zahl*,bezahl*,ueberweis*,begleich*;innerhalb von 1|2|3|6|12|24|48 stunden,innerhalb einer stunde,innerhalb der naechsten stunde|stunden,binnen 24|48 stunden,in 24|48 stunden,binnen einer stunde",
            why::DEADLINE,
        )
        .near(8),
        rule(Pressure, "irgendwo,egal wie,egal woher,koste es was es wolle,mit allen mitteln", why::ANY_MEANS),
        rule(Pressure, "letzte warnung,letzte mahnung,letzte chance,letzte gelegenheit,ultimatum,letztmalig*", why::FRIENDLY_FINAL).friendly(),
        // Dritte.
        rule(
            ThirdParty,
            "rufen,rufe,ruft,reden,sprechen,gesprochen,geredet,informier*,benachrichtig*,kontaktier*,anruf*,anrufen,angerufen,erzaehl*,sagen,sage,gesagt,mitteil*,mitgeteilt,melden,gemeldet,gepostet,geteilt,bekanntgemacht,bekanntgegeben,weitergegeben,wenden uns an,schreiben,veroeffentlich*,posten,bekanntmach*,bekannt machen|geben,weitergeb*,in kenntnis setzen,einschalten,einbeziehen,ansprechen,warnen,verstaendig*,aufklaeren,erfahren,hoeren,wissen lassen;{POSS} {PEOPLE},{POSS} anderen {PEOPLE},den jungs|leuten|kollegen beim|im|in,jeder lieferant|kunde|haendler|handwerker,jeder in der stadt,aller welt,der ganzen welt,die branche,der branche,die presse,der presse,die zeitung,der zeitung,die oeffentlichkeit,der oeffentlichkeit,das ganze dorf|viertel|haus,die ganze stadt|branche|nachbarschaft",
            why::TELL,
        )
        .near(4)
        .unless("dass sie mir|uns,danke dass sie"),
        rule(ThirdParty, "{POSS} {PEOPLE};brief,post,anruf,schreiben,nachricht,mail,email;bekommen,erhalten,kriegen,kriegt,bekommt,erhaelt", why::HEAR).near(5),
        rule(ThirdParty, "in kopie,cc,in cc;{POSS} {PEOPLE}", why::TELL).near(4),
        rule(ThirdParty, "{POSS} {PEOPLE};denken,sagen,halten;wuessten,erfahren,erfuehren,wuesste", why::HEAR).near(5),
        rule(
            ThirdParty,
            "wir,ich;informier*,benachrichtig*,kontaktier*,anruf*,anrufen,melden,schreiben,wenden,einschalten,warnen;{POSS} bank|hausbank|kreditgeber|sparkasse|vermieter",
            why::BANK,
        )
        .near(5)
        .unless("empfehl*,bitten sie,fragen sie,raten,koennen sie,wenden sie"),
        rule(ThirdParty, "oeffentlich;machen,mache,macht,gemacht,stellen,bekannt,anprangern", why::PUBLIC).near(3),
        rule(
            ThirdParty,
            "allen erzaehlen|sagen|mitteilen,allen davon erzaehlen,jedem erzaehlen|sagen,pranger,an den pranger,schwarze liste,schwarzen liste,schuldnerliste,schuldnerlisten,liste der schuldner|zahlungsunwilligen,oeffentlich machen|bekannt|anprangern|blossstellen,blossstell*,die oeffentlichkeit informieren",
            why::PUBLIC,
        ),
        rule(
            ThirdParty,
            "veroeffentlich*,posten,poste,teilen,stellen,bewert*;internet,netz,online,soziale,sozialen,facebook,instagram,linkedin,twitter,google,zeitung,presse,webseite,website",
            why::PUBLISH,
        )
        .near(6)
        .unless("agb,geschaeftsbedingungen,datenschutz,online bezahlen,kundenportal,rechnung online,online rechnung"),
        // Demütigung, Beleidigung.
        rule(
            Humiliation,
            "pfuscher*,stuemper*,dilettant*,idiot*,dumm,dumme,dummer,dummen,dummkopf,bloed*,unfaehig*,versager*,schmarotzer*,faulpelz*,faul,luegner*,asozial*,penner,trottel*,vollidiot*,laecherlich*,erbaermlich*,armselig*,schande,schaemen sie sich,schaem dich,schaemen,scheiss*,scheisse,arsch*,depp*,nichtsnutz*,taugenichts,abzocker*,gauner*,halsabschneider*,schnorrer*,gesindel,unverschaemt*,dreist*",
            why::INSULT,
        ),
        rule(
            Humiliation,
            "fuer wen halten sie sich,so schwer kann das doch nicht sein,kann doch nicht so schwer sein,ist doch nicht so schwer,erwachsene menschen|leute zahlen|bezahlen,nicht mit geld umgehen,sie sind ein witz,eine witzfigur,was sind sie fuer ein|eine,was sind sie _ fuer ein|eine,was fuer ein geschaeftsmann|unternehmer|mensch|betrieb,leute wie sie|dich,menschen wie sie|dich,solche leute,ihresgleichen,wie schwer kann es|das sein,wie schwer ist es|das,ist das so schwer,so schwer kann das nicht sein,sogar ein kind,selbst ein kind,koennen sie nicht lesen|rechnen,verstehen sie kein deutsch,werden sie erwachsen,ihre ausreden,keine ausreden mehr,immer diese ausreden,ausreden ausreden,jammern sie nicht,ihr gejammer,was stimmt nicht mit ihnen,alle anderen zahlen|schaffen|koennen",
            why::BELITTLE,
        ),
        // Amtsanmaßung, rechtliche Schritte.
        rule(
            Authority,
            "gerichtliche anordnung,gerichtlicher beschluss,richterliche anordnung,auf anordnung des|der gerichts|gerichtes|amtsgerichts|polizei|staatsanwaltschaft|behoerde,im auftrag des|der finanzamt*|finanzamts|finanzamtes|staatsanwaltschaft|polizei|behoerde|regierung|staates,amtlich*,behoerdlich*,im auftrag des gerichts|gerichtes|amtsgerichts|staates,gerichtlich beauftragt,staatlich beauftragt|zugelassen|anerkannt,offizielle mahnung|warnung|aufforderung|vorladung,vorladung,ladung vor gericht,vollstreckungsankuendigung",
            why::OFFICIAL,
        ),
        rule(
            Authority,
            "gericht,gerichte,gerichtlich*,gerichtsverfahren*,gerichtsweg,amtsgericht*,landgericht*,klage,verklag*,einklag*,mahnbescheid*,mahnverfahren*,vollstreckungsbescheid*,inkasso*,anwalt*,rechtsanwalt*,anwaelt*,rechtsanwaelt*,rechtliche schritte,rechtlichen schritte,rechtliche konsequenzen,rechtlichen konsequenzen,juristische schritte,juristischen schritte,rechtsweg*,schufa*,insolvenz*,zwangsvollstreck*,vollstreckungstitel",
            why::PREMATURE,
        )
        .before_final(),
    ]
    .into_iter()
    .map(|r| fill(r, &[("{POSS}", POSS), ("{PEOPLE}", PEOPLE)]))
    .collect()
}
