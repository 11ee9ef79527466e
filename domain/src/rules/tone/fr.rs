//! French rules, written in folded form (é → e, ç → c; elisions split, so
//! "qu'un" is "qu un"). Besides the sources in `Category::basis`: Code de
//! la consommation L121-6 and L121-7 (pratiques commerciales agressives:
//! sollicitations répétées, contrainte physique ou morale) and Code des
//! procédures civiles d'exécution R124-4 (what a debt collector's letter
//! may not say).

use super::Category::*;
use super::{fill, rule, why, Rule};

const PLACES: &str = "chez vous|toi,a votre domicile|porte|adresse|bureau|travail|magasin|boutique|atelier|maison,votre domicile|porte|maison|adresse|bureau|travail|magasin|boutique|atelier|logement|appartement,devant chez vous,devant votre porte|domicile|maison,vous voir,en personne";

const PEOPLE: &str = "aux gars|gens|collegues du|de|des,vos autres clients|fournisseurs|partenaires,tous les fournisseurs|clients|commercants|artisans,vos clients|voisins|parents|enfants|fournisseurs|proches|amis|collegues,votre clientele|employeur|patron|chef|famille|femme|mari|epouse|conjoint|proprietaire|ecole|banquier,l ecole,la profession,le secteur,toute la profession,tout le quartier,tout le monde,la presse,les journaux,le journal";

pub(super) fn rules() -> Vec<Rule> {
    vec![
        rule(
            Threat,
            "venir,viendr*,venons,vient,viens,passe,passes,passer*,rendre visite,rendrons visite,visite,visiter,visiterons,debarquer,debarquerons,sonner,sonnerons,frapper,frapperons,presenter,presenterons,presentera,deplacer,deplacerons;{PLACES}",
            why::VISIT,
        )
        .near(5)
        .unless("technicien,installation,intervention,livraison,livrer,si vous le souhaitez,si vous le voulez,volontiers,rendez vous,a votre demande,avec plaisir,ravis,ravi,convenir"),
        rule(
            Threat,
            "envoyer,enverr*,envoie,envoyons;quelqu un,des gens,des hommes,nos hommes,nos gars,une equipe,notre equipe,un agent,nos agents,un collecteur,nos collecteurs,des gros bras",
            why::SEND,
        )
        .near(3),
        rule(
            Threat,
            "nos collecteurs|agents|hommes|gars|equipes|employes,quelqu un,un collecteur|agent,des gens,des hommes;rendr* visite,rendrons visite,rendront visite,passer*,viendr*,venir,sonner*,frapper*,presenter*,presenteront,visite",
            why::SEND,
        )
        .near(5),
        rule(Threat, "attendez vous a;visite", why::VISIT).near(2),
        rule(Threat, "visite de notre part,visite de nos _,petite visite", why::VISIT).unless("si vous le souhaitez,volontiers,rendez vous,a votre demande,avec plaisir"),
        rule(Threat, "rendre,rendr*;visite", why::VISIT).near(3).unless("si vous le souhaitez,si vous le voulez,volontiers,rendez vous,a votre demande,avec plaisir,ravis,ravi,convenir"),
        rule(Threat, "serons,sera,seront,serai,attendr*,attendrons,attendront,guetter*,camper*;devant votre|vos _,devant chez vous,a votre porte,sous vos fenetres", why::AT_DOOR).near(3),
        rule(Threat, "arriv*;ennuis,malheur,un accident,quelque chose", why::HARM).near(3).unless("tresorerie,si vous,s il vous,imprevu"),
        rule(Threat, "venir,viendr*,va venir,allons venir,vont venir;vous chercher,vous trouver,vous voir chez vous,sans prevenir", why::VISIT).near(3),
        rule(
            Threat,
            "je sais ou,je sais ou se trouve,vous attendrai|attendrons quand|devant|chez,regler ca nous memes,regler ca moi meme,nous memes,faire justice,soyez prudent|prudents quand|en|le,ou vous trouver,faites attention a vous,nous connaissons votre adresse|domicile,on connait votre adresse|domicile,nous savons ou vous habitez|vivez|travaillez|etes,on sait ou vous habitez|vivez|travaillez|etes,nous vous trouverons,on vous trouvera,nous vous retrouverons,on vous retrouvera,nous vous surveillons,on vous surveille,a l oeil,gare a vous",
            why::WATCH,
        ),
        rule(
            Threat,
            "blesser,blesse,violence*,violent*,frapper,tabasser,brutalis*,casser la|votre|vos|les,bruler,incendi*,detruire votre|vos,de force,par la force,recours a la force,forcer la|votre porte,enfoncer la|votre porte,regler son compte,faire du mal,vous faire mal,il vous arrivera",
            why::HARM,
        ),
        rule(
            FalseConsequence,
            "arrestation,arrete par la police,faire arreter,serez arrete|arretes|arretee,prison*,emprisonn*,incarcer*,garde a vue,menottes,derriere les barreaux,en taule,casier judiciaire,mandat d arret",
            why::PRISON,
        ),
        rule(
            FalseConsequence,
            "police,gendarm*,commissariat,porter plainte,deposer plainte,deposerons plainte,depot de plainte,plainte contre vous,plainte penale,penal,penale,penales,penaux,penalement,delit*,crime,crimes,criminel*,infraction penale,poursuites penales,procureur*",
            why::CRIME,
        ),
        rule(FalseConsequence, "fraude*,frauduleu*,escroc*,escroquer*,voleur*,voleuse*,vol,voler,volez,detournement,detourne", why::FRAUD)
            .unless("protege*,hameconnage,phishing,mefiez,vigilance,coordonnees bancaires,rib,tentative*"),
        rule(
            FalseConsequence,
            "saisie*,saisi,saisis,saisirons,saisira,saisir vos|votre|tous|tout,huissier*,commissaire de justice,commissaires de justice,expulsion,expulser",
            why::BAILIFF,
        )
        .unless("jugement,titre executoire,decision de justice,ordonnance,apres un,apres une,injonction de payer,reference,virement,numero,montant,code,formulaire,tribunal*,justice,juge"),
        rule(
            FalseConsequence,
            "prendre,prendrons,prendra,confisquer*,recuperer*,emporter,emporterons,bloquer,bloquerons,vider,viderons;vos biens|meubles|salaires|comptes|economies|affaires|outils,votre maison|voiture|vehicule|salaire|logement|camionnette|fourgon,votre compte bancaire,tout ce que vous avez|possedez,tous vos biens",
            why::SEIZE,
        )
        .near(5)
        .unless("jugement,titre executoire,decision de justice,reserve de propriete,marchandises livrees"),
        rule(FalseConsequence, "geler,gelerons,geles,gele,gelee,gelees,bloque,bloques,bloquee;vos biens|comptes|avoirs|salaires,votre compte|salaire|patrimoine", why::SEIZE)
            .near(4)
            .unless("jugement,titre executoire,decision de justice"),
        rule(FalseConsequence, "ferai,ferons,fera,faire;bloquer,saisir,geler,confisquer;votre|vos salaire|compte|comptes|biens|voiture|camionnette|outils", why::SEIZE).ordered().near(3).unless("jugement,titre executoire"),
        rule(FalseConsequence, "en faillite,vous mettre en faillite,faire faillite,vous ruiner", why::POWER),
        rule(
            FalseConsequence,
            "poursuivr*,suivr*,suivra,hanter*,coller*;toute votre vie,a vie,pour toujours,jusqu a la fin,partout ou vous allez,des annees",
            why::LIFE,
        )
        .near(5),
        rule(
            FalseConsequence,
            "ruin*,detrui*,detruit*,bris*,couler,coulerons;votre reputation|entreprise|vie|credit|carriere|avenir|societe|nom|commerce,vous",
            why::RUIN,
        )
        .near(4),
        rule(FalseConsequence, "plus jamais,plus personne;credit,pret,emprunt,travailler,contrat,financement,travail,pretera,preter,pretent", why::NEVER).near(4).no_neg(),
        rule(FalseConsequence, "perdre,perdrez,perdra,perdu;tout,votre maison|logement|entreprise|emploi|travail|voiture|societe,vos enfants", why::LOSE)
            .near(4)
            .unless("conseil*,aide,accompagnement,gratuit*,association"),
        rule(FalseConsequence, "fermer votre entreprise|commerce|societe,mettre la cle sous la porte,expulse du territoire,titre de sejour", why::POWER),
        rule(
            Pressure,
            "assumer,assumerez,subir,subirez,supporter,supporterez,faire face,ferez face,en payer,payer le prix;les consequences,consequences,le prix",
            why::VEILED,
        )
        .near(3)
        .unless("peuvent inclure,notamment,telles que,juridiques"),
        rule(Pressure, "consequences;graves,serieuses,lourdes,facheuses,desagreables", why::UNNAMED)
            .near(3)
            .unless("pour nous,notre entreprise,notre tresorerie,petite,petites"),
        rule(
            Pressure,
            "vous avez eu votre avertissement,sinon il y aura des problemes|ennuis,il y aura des problemes,d une maniere ou d une autre,que cela|ca degenere,que cela s envenime,et vous verrez,vous allez voir,vous l aurez voulu,vous l avez voulu,vous l avez cherche,ce qui arrive a ceux qui,ce qui arrive aux gens qui,les choses plus difficiles|compliquees,payer cher,paierez cher,payerez cher,comme un avertissement,nous connaissons du monde,on connait du monde,nous avons des relations,on ne vous a pas prevenu,pas prevenu,pas un jeu,avec le feu,pensez a votre famille,pensez a vos enfants,nous ne plaisantons pas,on ne plaisante pas,ou sinon,sinon gare,a vos risques et perils,a vos risques,vous etes prevenu|prevenus|prevenue|averti|avertis|avertie,tenez vous pour averti|prevenu,considerez vous comme averti|prevenu,vous voila prevenu,nous avons nos methodes|moyens,nous avons d autres moyens|methodes,ca|cela va mal tourner|finir,ca|cela va mal se passer,risque de mal tourner,vous le regretterez,vous allez le regretter,vous allez regretter,vous regretterez,ne nous forcez pas,ne nous obligez pas,ne jouez pas avec,ne testez pas,vous ne voulez pas savoir,la maniere forte,se gater,s envenimer,devenir desagreable|desagreables,devenir tres desagreable,ca va chauffer,un accident est vite arrive,ce serait dommage qu il|que quelque",
            why::VEILED,
        ),
        rule(Pressure, "mal tourner,mal tourne,mal tournera,mal finir,mal finira,mal se passer,mal se terminer", why::UNPLEASANT),
        rule(Pressure, "vie;impossible,infernale,difficile,dure,enfer;rendre,rendr*,faire,ferons", why::VEILED).near(3),
        rule(Pressure, "harcel*", why::FREQUENCY).neg(),
        rule(Pressure, "patience;s epuise,s epuisera,epuise,a bout,epuisee,a des limites,limites,touche a sa fin,est terminee", why::PATIENCE).near(3),
        rule(
            Pressure,
            "nouvelles,appeler*,appellerons,telephoner*,relancer*,relancerons,harceler*;tous les jours,chaque jour,jour et nuit,sans cesse,sans arret,constamment,toutes les heures,jusqu a ce que vous payiez",
            why::FREQUENCY,
        )
        .near(10),
        rule(
            Pressure,
            "nous ne lacherons pas|rien,on ne lachera pas|rien,nous n abandonnerons pas|jamais,nous n oublions pas,nous n oublierons pas,payez maintenant|immediatement ou,payez tout de suite ou,payez ou,crachez le morceau,aboulez",
            why::ULTIMATUM,
        ),
        rule(
            Pressure,
            "emprunter,empruntez,vendre,vendez,vendrez,contracter,souscrire,hypothequer,faites,faire,prenez,prendre;votre maison|voiture|logement|vehicule|bijoux|meubles,vos biens|bijoux|meubles|affaires,a vos proches|amis|parents,a votre famille,un credit,un pret,un emprunt,un microcredit",
            why::BORROW,
        )
        .near(5),
        rule(
            Pressure,
            "payer,payez,paiement,reglement,regler,reglez,virer,virement;dans l heure,dans les 12|24|48 heures,sous 12|24|48 heures,sous 24h|48h,en 24|48 heures,d ici une heure,dans les prochaines heures",
            why::DEADLINE,
        )
        .near(8),
        rule(Pressure, "peu importe comment|ou,trouvez l argent,par tous les moyens,quoi qu il en coute", why::ANY_MEANS),
        rule(Pressure, "dernier avertissement,derniere relance,dernier rappel,derniere chance,derniere mise en garde,ultimatum", why::FRIENDLY_FINAL).friendly(),
        rule(
            ThirdParty,
            "parler,parlerons,parlera,inform*,preven*,previen*,contact*,appel*,telephoner*,ecrire,ecrirons,ecrit,signal*,dire,dirons,dirai,dira,diront,raconter,raconterons,au courant,avert*,alert*,prendre contact,prendrons contact,adresserons,divulguer*,reveler*,revelerons,transmettre,transmettrons,communiquer,communiquerons,apprendre,apprendra,apprendront,saura,sauront,entendra parler,entendront parler;{PEOPLE}",
            why::TELL,
        )
        .near(4),
        rule(ThirdParty, "{PEOPLE};penseraient,diraient,penserait,dirait;savaient,apprenaient,savait,apprenait", why::HEAR).near(4),
        rule(ThirdParty, "{PEOPLE};recevra,recevront,recevoir;lettre,courrier,appel,message,mail,copie", why::HEAR).near(5),
        rule(ThirdParty, "en copie;{PEOPLE}", why::TELL).near(4),
        rule(
            ThirdParty,
            "nous,je;inform*,preven*,previen*,contact*,appel*,ecrire,ecrirons,signal*,alert*,avert*;votre banque|banquier|preteur|bailleur|assureur",
            why::BANK,
        )
        .near(5)
        .unless("conseillons,recommandons,pouvez,pourriez,aupres de votre banque,par votre banque"),
        rule(
            ThirdParty,
            "publiquement,en public,rendre public,rendrons public,rendre cela public,liste noire,mauvais payeurs,fichier des mauvais payeurs,clouer au pilori,pilori,denoncer,denoncerons,afficher publiquement,afficherons votre nom",
            why::PUBLIC,
        ),
        rule(
            ThirdParty,
            "publier*,poster*,partager*,diffuser*,mettre*,mettrons,mettra,laisser un avis,afficher;internet,en ligne,reseaux sociaux,facebook,instagram,linkedin,twitter,google,avis,notre site,le journal,la presse",
            why::PUBLISH,
        )
        .near(6)
        .unless("conditions generales,cgv,mentions,paiement en ligne,payer en ligne,espace client,reglement en ligne"),
        rule(
            Humiliation,
            "amateur,amateurs,idiot*,imbecile*,incapable*,incompetent*,minable*,pathetique*,menteur*,menteuse*,parasite*,profiteur*,profiteuse*,voyou*,crapule*,con,conne,connard*,connasse*,abruti*,debile*,faineant*,feignant*,bon a rien,bons a rien,honteux,honteuse,bouffon*,guignol*,clown*,merde*,putain,salaud*,salopard*,ordure*,radin*,pitoyable*,ridicule*,lamentable*,irresponsable*,sans scrupule*,malhonnete*,tricheur*,tricheuse*,arnaqueur*,arnaqueuse*,gamin*",
            why::INSULT,
        ),
        rule(Humiliation, "aucune honte,pas honte,sans honte", why::BELITTLE).unless("il n y a,n ayez,aide,demander,hesitez"),
        rule(Humiliation, "nul,nuls,nulle,nulles", why::INSULT).unless("besoin,part,non avenu,nul n est,match"),
        rule(
            Humiliation,
            "pour qui vous prenez vous,pour qui vous vous prenez,vous etes une honte,quand meme pas complique|difficile|sorcier,pourtant pas complique|difficile,c est pourtant simple,les adultes paient|payent,ne savez pas gerer,ne savez visiblement pas gerer,incapable de gerer,vous etes une plaisanterie|blague,les gens comme vous,des gens comme vous,vous autres,les gens de votre espece|genre|sorte,votre espece,est ce si difficile|complique,c est si difficile|complique,ce n est pas sorcier,pas sorcier,ce n est pas si difficile|complique,meme un enfant,un enfant pourrait|saurait,vous ne savez pas lire|compter,savez vous lire|compter,grandissez,soyez adulte,vos excuses,encore des excuses,plus d excuses,assez d excuses,arretez de vous plaindre,pleurnich*,tous les autres paient|payent|reussissent,tous les autres y arrivent,vous devriez avoir honte,quelle honte,honte a vous,n avez vous pas honte,avez vous honte",
            why::BELITTLE,
        ),
        rule(
            Authority,
            "par ordre du tribunal|juge|procureur,par ordre de la justice|police,pour le compte du tresor|tribunal|fisc,pour le compte de l etat|administration,pour le compte de la police|justice,au nom de l etat|du tresor,mandat*|agree*|autoris*|habilit*|nomme*|designe*|missionne* par le|la|l tribunal|justice|juge|etat|police|gouvernement|prefecture,sur ordre du tribunal|juge|procureur,decision officielle,ordonnance du tribunal,avis officiel,avertissement officiel,convocation officielle,document officiel,notification officielle,au nom de la loi,au nom du tribunal,au nom de la justice,mandate par le tribunal|la|l,agree par l etat|le tribunal,officier de justice,convocation au tribunal,citation a comparaitre,sommation",
            why::OFFICIAL,
        ),
        rule(
            Authority,
            "tribunaux,tribunal*,justice,en justice,action en justice,action judiciaire,actions judiciaires,poursuites,poursuites judiciaires,procedure judiciaire,procedures judiciaires,contentieux,avocat*,huissier*,commissaire de justice,recouvrement force,agence de recouvrement,societe de recouvrement,cabinet de recouvrement,injonction de payer,mise en demeure,assigner,assignation,juge,jugement,redressement judiciaire,liquidation judiciaire,banque de france",
            why::PREMATURE,
        )
        .before_final(),
    ]
    .into_iter()
    .map(|r| fill(r, &[("{PLACES}", PLACES), ("{PEOPLE}", PEOPLE)]))
    .collect()
}
