//! English rules. Sources for each category are in `Category::basis`;
//! the examples in the comments are those regulators give (FDCPA
//! §§1692d–e, CONC 7.9 and 7.11, the OFT's Debt Collection Guidance,
//! AJA 1970 s.40) or paraphrases of them.

use super::Category::*;
use super::{fill, rule, why, Rule};

/// What a debtor owns, for threats of seizure (single words).
const ASSETS: &str = "property|properties|house|home|car|cars|van|vans|truck|lorry|vehicle|vehicles|assets|belongings|wages|wage|salary|pay|paycheck|paycheque|payslip|earnings|income|goods|possessions|furniture|tools|equipment|machinery|stock|savings|pension|benefits|tv|television|jewellery|jewelry|things|stuff|kit";

/// Verbs of telling or contacting, for third parties (before the target).
const TELL: &str = "copy,copying,tell,telling,told,inform,informing,contact,contacting,call,calling,phone,phoning,ring,ringing,email,emailing,write to,writing to,notify,notifying,speak to|with,speaking to|with,talk to|with,talking to|with,be in touch with,get in touch with,getting in touch with,reach out to,reaching out to,alert,alerting,warn,warning,report it|this|you to,report the debt to,reporting it|this|you to,send a|the copy|copies|letter|letters|details to,copy in,copying in,cc,involve,involving,approach,approaching,visit,visiting,expose you to,share it|this|details with,share the debt with,discuss it|this with,discuss the|your debt with,explain to,let your _ know,let your _ _ know,let your _ _ _ know,let the _ know,let the _ _ know,let everyone know,let everybody know,let all your _ know,let people know";

/// People and bodies who must not hear of the debt.
const OTHERS: &str = "your customers|clients|suppliers|employer|employers|boss|landlord|neighbours|neighbors|neighbour|neighbor|family|wife|husband|spouse|parents|mother|father|mum|mom|dad|children|kids|son|daughter|relatives|friends|school|church|club|investors|shareholders|franchisor, your trade association, your local paper, the trade, the trade press, the press, the papers, the newspapers, the local paper|papers|press|radio|news, journalists, the media, everyone, everybody, the whole town|street|village|industry|trade|world|neighbourhood|neighborhood, other businesses|suppliers|traders|tradespeople|companies|clients|customers, every supplier|customer|business|trader|client|tradesman, everyone in town, the lads|guys|boys|people|staff at|in, the industry, the chamber of commerce";

pub(super) fn rules() -> Vec<Rule> {
    vec![
        // ------------------------------------------------ threats of harm, visits, force
        // "We will come to your home", "send someone round", "a knock on the door".
        rule(
            Threat,
            "come|comes|coming over|round|by|to,come,coming,visit,visiting,visits,visited,turn up,turning up,turned up,show up,showing up,showed up,call round|by|at,calling round|by|at,call on,calling on,drop by|round,pop round|by|over,stop by,knock*,turn up on,a visit,pay you a visit;
             your home|house|door|doors|doorstep|address|premises|place|flat|apartment|street|office|offices|workplace|work|shop|site|yard|property|gate|driveway,your front door,your _ school,your children|kids school,whether you like it or not,out to you,out to see you,where you live|work,the door,the front door,round,at home,at work",
            why::VISIT,
        )
        .near(6)
        .unless("engineer,technician,fitter,installer,electrician,plumber,once the account,once it is paid,when the account is,happy to,glad to,would like,if you wish,if you like,if you prefer,suits you,by appointment,arrange a visit,welcome to,invite,invited,with you to go through,at your request,if helpful"),
        rule(
            Threat,
            "send|sending|sent|dispatch|dispatching;someone,somebody,people,men,man,lads,guys,the boys,team,collector,collectors,agent,agents,heavies,muscle,enforcer,enforcers;
             round,over,to your,to collect,to see you,to visit,to find you,to get it,for it,for the money,your way,after you,to have a word,for a word,to sort",
            why::SEND,
        )
        .near(5),
        rule(
            Threat,
            "be,appear,appearing,wait,waiting,stand,standing,turn up,show up,camp,camped,parked;on|at|outside|by|in your door|doorstep|home|house|premises|gate|driveway|office|workplace|street,on|at|outside your front door,at yours,round at yours,round yours,at your place,round your place,round your house",
            why::AT_DOOR,
        )
        .near(3),
        rule(
            Threat,
            "expect,expecting;us,a visit,visitors,someone,somebody,company,our collector|collectors|agent|agents|people|team,a knock",
            why::VISIT,
        )
        .ordered()
        .near(2),
        rule(
            Threat,
            "on your doorstep,at your front door,on your front doorstep,outside your house|home|door|office|shop|workplace|flat|premises,at your door",
            why::AT_DOOR,
        ),
        rule(
            Threat,
            "our|the|some|a|two|few collector|collectors|agent|agents|people|men|lads|guys|heavies|boys,someone,somebody,one of our _;visit,visits,visiting,call round,call on you,calling on you,come round,coming round,come over,coming over,come and see you,come to see you,drop by,drop round,pop round,turn up,show up,knock*,pay you a visit,paying you a visit,pay|paying you a little|quick|short visit,see you in person,round to your,at your door,on your doorstep,be round,to see you personally,call in,calling in,in your area",
            why::SEND,
        )
        .near(5),
        // A veiled threat of harm: "it would be a shame if something happened to…".
        rule(Threat, "shame,pity,schade,dommage;happen,happens,happened,happening,zustoss*,zustiess*,zustoesst,passier*,geschieht,geschehen,arrive,arriver,arrivait,arrivera", why::HARM)
            .near(6),
        rule(
            Threat,
            "something,anything,etwas,was,quelque chose;happen,happens,happened,zustoss*,zustiess*,passier*,geschieht,geschehen,arrive,arriver,arrivait,arrivera;to your,to you,to yours,ihrem,ihrer,ihnen,ihr,a votre,a vos,vous",
            why::HARM,
        )
        .near(4),
        rule(
            Threat,
            "take|taking matters into our own hands,into our own hands,be careful walking|going|driving home,careful at night,watch your step,we know your address|postcode,know your home address,find out where you live|work,know where you live|work|are|sleep|park,know where your _ live|lives|work|works|go|is|are,waiting|wait for you when you get home,be waiting for you,come and get it|you,come and get the money,know where to find you,we will find you,we can find you,track you down,hunt you down,find you wherever,come after you,coming after you,come for you,coming for you,come|coming|go|going looking for you,come and find you,watch your back,watch yourself,we are watching you,we are watching,keep an eye on you,keeping an eye on you,sort you out",
            why::WATCH,
        ),
        rule(Threat, "turn up,turning up,turned up,show up,showing up,showed up,come,coming,drop by,drop in,dropping in,visit,visiting,arrive,arriving,call round;unannounced,without warning,unexpectedly,when you least expect", why::VISIT).near(4),
        rule(Threat, "a visit from us|them,a visit from our _,a visit from our _ _,a home visit,a personal visit,a doorstep visit,drop in on you,dropping in on you,drop in unannounced", why::VISIT)
            .unless("happy to,glad to,would like,if you wish,if you like,if you prefer,suits you,by appointment,arrange a visit,welcome to,invite,invited,at your request,if helpful"),
        rule(Threat, "survive,survives,last;your|his|her windows|van|car|shop|house|home|property|tyres|tires|vehicle", why::SURVIVE).near(3).no_neg(),
        rule(FalseConsequence, "survive,ueberleben,ueberlebt,survivra,survivre,survivront;business,company,firma,unternehmen,geschaeft,betrieb,entreprise,societe,commerce", why::RUIN).near(4).no_neg(),
        rule(Threat, "make me|us come,come down there,come round there", why::VISIT).no_neg(),
        rule(Threat, "pay|paying|paid you a visit,pay|paying you a little|quick|short visit", why::VISIT).unless("happy to,glad to,would like,if you wish,if you like,suits you,by appointment,welcome to"),
        rule(Threat, "persuasive", why::HARM).unless("argument,arguments,case,reason,reasons,evidence"),
        // Violence and force: FDCPA §1692d(1) names "the use or threat of use of violence or other criminal means".
        rule(
            Threat,
            "hurt|hurting you|your|yourself|anyone|someone|somebody,get|gets|getting|be hurt,harm you|your|yourself|anyone,come to harm,bodily harm,injure*,injuries,kill*,violen*,beat you|him|her|them,beat up,beaten up,rough you up,roughed up,break your|his|her|the|those legs|arms|fingers|neck|face|windows|door|knees,break in,break down the|your door,smash*,burn your|it|the,burn down,torch*,damage your|his|her,vandal*,by force,use|using force,forced entry,force entry,force our way,force the door,forcibly,kick in|down the|your door,kick your door,kick the door,physically remove|take|collect|make,take it by force,get|gets|getting|turn|turns physical|violent|rough,accidents happen,accidents can happen,would hate for anything|something to happen",
            why::HARM,
        ),
        // ------------------------------------------------ false or exaggerated consequences
        rule(
            FalseConsequence,
            "arrest*,jail*,gaol,prison*,imprison*,locked up,lock you up,custody,handcuff*,behind bars,criminal record",
            why::PRISON,
        ),
        rule(
            FalseConsequence,
            "police,policeman,police officer*,prosecut*,criminal,criminals,criminally,crime,crimes,offence,offense,a warrant,warrants,arrest warrant,warrant for",
            why::CRIME,
        ),
        rule(
            FalseConsequence,
            "fraud,frauds,fraudulent*,fraudster*,theft,thief,thieves,steal,stealing,stole,stolen,embezzl*,obtaining services by deception,deception",
            why::FRAUD,
        )
        .unless("protect*,scam*,phish*,beware,spoof*,impersonat*,suspicious,never ask,bank details,cyber*,fake"),
        // Seizing or garnishing before any judgment: FDCPA §1692e(4), CONC 7.11.6.
        rule(
            FalseConsequence,
            "seiz*,repossess*,garnish*,confiscat*,impound*,clamp*,tow,towed,towing,freeze,freezing,froze,frozen,auction*;
             your|his|her|their {ASSETS},all your {ASSETS},all of your {ASSETS},your|his|her bank account|accounts,everything you own|have,all you own|have,the shirt off your back,the roof over your head,what you own",
            why::SEIZE,
        )
        .near(6)
        .unless("judgment,judgement,court order,court orders,court grants,if the court,court may,court could,court decides,court can,a court,warrant of control,writ of control,attachment of earnings order,charging order,third party debt order,only a court,only after,retention of title,title to the goods,goods we supplied,goods supplied"),
        rule(
            FalseConsequence,
            "empty,emptying,emptied,clean out,cleaning out,clear out,clearing out,take,taking,taken,grab,grabbing,remove,removing,collect,collecting,attach,attaching,dock,docking,deduct,deducting,strip,stripping,sell off;
             your|his|her|their {ASSETS},all your {ASSETS},all of your {ASSETS},your|his|her bank account|accounts,everything you own|have,all you own|have,the shirt off your back,the roof over your head,what you own",
            why::SEIZE,
        )
        .ordered()
        .near(4)
        .unless("judgment,judgement,court order,court orders,court grants,if the court,court may,court could,court decides,court can,a court,warrant of control,writ of control,attachment of earnings order,charging order,third party debt order,only a court,only after,retention of title,title to the goods,goods we supplied,goods supplied"),
        rule(
            FalseConsequence,
            "your|his|her|their {ASSETS},your|his|her bank account|accounts,everything you own|have,all you own|have;will be,would be,could be,can be,may be,might be,are being,is being,get,gets,be;docked,taken,seized,garnished,frozen,emptied,cleared,repossessed,confiscated,impounded,towed,clamped,attached,deducted,stopped,sold,auctioned",
            why::SEIZE,
        )
        .ordered()
        .near(3)
        .unless("judgment,judgement,court order,if the court,a court,only a court,only after"),
        rule(FalseConsequence, "have,get,getting;your|his|her {ASSETS},your|his|her bank account|accounts;stopped,taken,seized,frozen,docked,garnished,repossessed,towed,clamped,cut off", why::SEIZE).ordered().near(3).unless("judgment,judgement,court order,if the court"),
        rule(FalseConsequence, "blacklist*,black listed,black list,nobody|no one will ever lend,no bank|lender will ever lend,never lend you,lend you money again,lend you a penny", why::NEVER).no_neg(),
        rule(FalseConsequence, "put|place|register|putting a charge on|against your house|home|property|flat", why::SEIZE).unless("judgment,judgement,court,charging order application"),
        rule(FalseConsequence, "your business|company|career|reputation|livelihood;will be,is,would be;finished,over,done for,destroyed,ruined,closed down,history", why::RUIN).ordered().near(2),
        rule(
            FalseConsequence,
            "bailiff*,enforcement agent*,enforcement officer*,high court enforcement,sheriff*,repo man,repo men,repossession agent*,debt enforcer*,enforcers,marshal,marshals",
            why::BAILIFF,
        )
        .unless("judgment,judgement,court order,ccj,county court judgment,writ of control,warrant of control,if the court,once a court,only a court,after a court"),
        rule(
            FalseConsequence,
            "follow,follows,following,haunt,haunts,haunting,stay with,stays with,stay,stays,remain,remains,chase,chasing,pursue,pursuing,hang over;for life,forever,for ever,the rest of your life,all your life,wherever you go,everywhere you go,to the end of,for years to come,to your grave",
            why::LIFE,
        )
        .near(5),
        rule(
            FalseConsequence,
            "destroy*,ruin*,wreck*,trash,tank,kill,annihilat*,blacken;credit,credit rating|score|record|file|history,reputation,business,good name,name,life,career,future,prospects,livelihood,company",
            why::RUIN,
        )
        .near(4),
        rule(
            FalseConsequence,
            "never,not be able to,unable to;get,obtain,borrow,work,trade,do business;credit,a loan,loans,a mortgage,finance,again,in this town|industry|trade,a phone contract,another contract|job|order|customer|client",
            why::NEVER,
        )
        .ordered()
        .near(5)
        .no_neg(),
        rule(
            FalseConsequence,
            "lose,losing,lost;everything,your home|house|business|company|job|livelihood|children|kids|licence|license|car|van|family|shirt;will,would,going to,could,about to,risk",
            why::LOSE,
        )
        .near(5)
        .unless("advice,adviser,advisor,help,support,stepchange,citizens advice,national debtline,free"),
        rule(
            FalseConsequence,
            "make sure you go bankrupt,make you bankrupt,bankrupt you,force|drive|push you into bankruptcy,put you out of business,shut you down,close you down,shut down your business|company,close down your business|company,end your business,finish you,finished in this,deport*,immigration,your visa",
            why::POWER,
        ),
        // ------------------------------------------------ veiled threats and pressure
        rule(
            Pressure,
            "face,facing,suffer,suffering,bear,accept,take,deal with,live with,pay for;the consequences,consequences,what comes next,what happens next,the music",
            why::VEILED,
        )
        .ordered()
        .near(3),
        rule(
            Pressure,
            "consequences;will follow,severe,serious,dire,unpleasant,grave,drastic,extreme",
            why::UNNAMED,
        )
        .near(3)
        .unless("for us,for our,small business*,cash flow,our business,for the business,may include,such as,which could include,we must explain"),
        rule(
            Pressure,
            "or else,you have had your warning,had your warning,done being patient,done being nice,there will be trouble,you will be in trouble,big trouble,you have been told,this is the last time,for the last time,do not want this to escalate,you do not want this to go further|any further,and see what happens,one way or another,one way or the other,live to regret,make us|me angry|cross|mad,you asked for it,brought this on yourself,know what happens to people|those|anyone|customers who,what happens to people|those who,harder than it needs|has to be,more difficult than it needs|has to be,stop being nice,stop playing nice,no more being nice,consider this a|your warning,take this as a warning,we know people,we have friends in,we know a lot of people,we have contacts in your,do not say we did not warn you,we did not warn you,this is not a game,not a game,playing with fire,play with fire,think about|of your family|children|kids,what this could mean for your family,not messing around,we mean business,you will wish you had,wish you had paid,last time we ask nicely,asking nicely,you will find out what happens,find out what happens,you will see what happens,will not end well,not going to end well,will end badly,end badly for you,at your peril,at your own peril,at your own risk,you have been warned,consider yourself warned,be warned,you are warned,we have ways,we have our ways,we have means,we have methods,we have other ways,there are other ways of getting,other methods of getting,the gloves are off,the gloves come off,gloves off,we are done being nice,done playing nice,no more mister|mr nice,the easy way or the hard way,the hard way,you do not want to find out|know,you would not want to find out|know,if you know what is good for you,what is good for you,you will regret,you would regret,you will be sorry,you would be sorry,you will not like,you would not like,do not make us,do not test us|me,do not test our patience,do not push us|me,do not push your luck,push your luck,pushing your luck,do not mess with us|me,mess with us,think very carefully,make your life,life difficult|hard|hell|miserable|unpleasant,things difficult|hard|unpleasant for you,make it difficult|hard for you,your life hell,",
            why::VEILED,
        ),
        rule(
            Pressure,
            "things|this|it|matters;get|gets|getting|turn|turns|turning|become|becomes|go|escalate|escalates;unpleasant,ugly,nasty,messy,very serious,out of hand,personal,very bad,very difficult for you",
            why::UNPLEASANT,
        )
        .ordered()
        .near(5),
        rule(Pressure, "make,making,made;difficult,hard,unpleasant,hell,miserable,impossible,tough;for you,your life", why::VEILED).ordered().near(3),
        rule(
            Pressure,
            "patience;run|runs|running|ran out,worn|wearing|wears thin,exhausted,is over,has ended,has limits,at an end,gone,running low",
            why::PATIENCE,
        )
        .near(3),
        // Frequency: FDCPA §1692d(5), Regulation F's call limits, AJA s.40 ("frequency").
        rule(
            Pressure,
            "we will not go away,we are not going away,we never forget,we do not forget,we never give up,we will not stop until|chasing|calling,we will not give up,keep|keeping calling|chasing|coming|writing|phoning|ringing|texting|emailing until|every|day|daily,call|ring|phone|text|email you every day|hour|morning|night|week,call|ring|phone|text|email you repeatedly|constantly|until|daily,call|ring|phone you day and night,call|ring|phone you all day,call|ring|phone you non stop,every day until,day and night,around the clock,again and again,over and over again,time and time again,non stop,nonstop,relentless*,every single day,until you pay,until we are paid,until we get our money,bombard*,hound*",
            why::FREQUENCY,
        ),
        rule(Pressure, "losing patience,lose patience,lost patience", why::PATIENCE),
        rule(Pressure, "call,ring,phone,text,email,contact,visit,chase,write;every day,every hour,every morning,every night,every week,daily,day and night,repeatedly,constantly,all day,non stop", why::FREQUENCY).ordered().near(10),
        rule(Pressure, "take,get,getting;a payday loan,a loan,payday loans,a second mortgage,a loan shark", why::BORROW).near(2),
        rule(Pressure, "if that is what it takes,from somewhere,we do not care how|where,whatever it takes,any way you can,beg borrow or steal,by any means", why::ANY_MEANS),
        rule(
            Pressure,
            "pay now|up|immediately|today|at once or,pay or else,pay up,cough up,hand over the money,pay what you owe now",
            why::ULTIMATUM,
        ),
        // CONC 7.3.10: no pressure to raise money by borrowing or selling the home.
        rule(
            Pressure,
            "ask,asking,borrow,borrowing,borrowed,sell,selling,remortgag*,re mortgage,take out,taking out,pawn*,use,using,cash in,raid,dip into;your savings|pension|isa,something,your house|home|car|van|belongings|possessions|jewellery|jewelry|things|furniture|vehicle,your wedding ring,friend,a friend,friends,family,relatives,parents,a loan,a payday loan,payday,another loan,a credit card,an overdraft,a second mortgage",
            why::BORROW,
        )
        .near(5),
        rule(
            Pressure,
            "pay,paid,payment,settle,settled,clear,cleared,transfer,transferred,money;within the hour,within an hour,within 1|2|3|4|6|12|24|48 hours|hour,within 24h|48h,within hours,in the next hour,in the next few hours,this instant,right this minute",
            why::DEADLINE,
        )
        .near(8),
        rule(
            Pressure,
            "final notice,final demand,last chance,final chance,last opportunity,final reminder,ultimatum",
            why::FRIENDLY_FINAL,
        )
        .friendly(),
        rule(Pressure, "final warning,last warning,very last warning,very last chance,allerletzte warnung|chance|mahnung,letzte warnung,tout dernier avertissement,dernier avertissement,toute derniere chance", why::NOT_FINAL).before_final(),
        // ------------------------------------------------ third parties
        // FDCPA §1692c(b), Regulation F 1006.6(d), CONC 7.9.6: the debt is between the parties.
        rule(ThirdParty, "{TELL};{OTHERS}", why::TELL)
            .ordered()
            .near(3)
            .not_at("_ us|me,_ to|with us|me,_ _ to|with us|me,get|be in touch with us|me,reach out to us|me"),
        rule(
            ThirdParty,
            "{OTHERS};will,would,shall,are going to,is going to,may,might,can,could,soon,all;know,hear,find out,learn,be told,be informed,be contacted,be called,be hearing,be reading,read about,be made aware,be notified,be warned,get a letter|call|email|copy,receive a letter|copy,hear about it|this|from us",
            why::HEAR,
        )
        .ordered()
        .near(3),
        rule(ThirdParty, "{OTHERS};think,say,react,feel;knew,found out,heard,learned,learnt", why::HEAR).ordered().near(4),
        rule(ThirdParty, "send,sending,email,emailing,circulate,circulating,forward,forwarding;debt,details,name,this,it;everyone,everybody,mailing list,contacts,the trade,the industry", why::TELL).ordered().near(6),
        rule(ThirdParty, "let;everyone,everybody,the whole;know", why::TELL).ordered().near(5),
        rule(ThirdParty, "make sure,ensure,see to it;{OTHERS};know,knows,hear,hears,find out,finds out,learn,learns,aware", why::HEAR).ordered().near(4),
        rule(
            ThirdParty,
            "we,i,our;tell,telling,inform,informing,contact,contacting,call,calling,phone,email,write to,notify,report,reporting,speak to|with,alert,warn,let;your bank,your lender,your lenders,your mortgage lender|provider,your insurer,your credit card company",
            why::BANK,
        )
        .ordered()
        .near(4)
        .unless("suggest,recommend,you may wish,you might,you could,ask your,via your,through your,from your,by your,if you"),
        // FDCPA §1692d(3): publishing lists of debtors; AJA s.40(1)(a): threat of publicity.
        rule(
            ThirdParty,
            "name and shame,naming and shaming,named and shamed,wall of shame,hall of shame,publicly,in public,make this public,make it public,go public,public list,list of debtors,list of bad|late|slow|non payers,bad|late|slow|non payers list,debtors list,debtor list,register of debtors,defaulters list,blacklist*,black list,black listed",
            why::PUBLIC,
        ),
        rule(
            ThirdParty,
            "shame,shaming,post,posting,posted,publish,publishing,published,put,putting,share,sharing,name,naming,list,listing,expose,exposing,announce,announcing,advertise,advertising,broadcast,write about,writing about,tag,review,reviews;online,on the internet,social media,facebook,twitter,instagram,linkedin,tiktok,google,trustpilot,yelp,our website,a website,the website,a forum,forums,noticeboard,notice board,newsletter,in the paper,in the newspaper,the local paper,newspaper,newspapers,the press,whatsapp group",
            why::PUBLISH,
        )
        .near(6)
        .unless("terms,conditions,privacy,policy,policies,bank details,payment details,how to pay,you can pay,you can find,you can see,you can view,you can download,portal,pay online"),
        // ------------------------------------------------ humiliation and insults
        rule(
            Humiliation,
            "deadbeat*,liar,liars,you are lying,you lied,stop lying,your lies,idiot*,stupid*,pathetic,disgrace,disgraceful,scum*,loser*,useless,incompetent,dishonest,crook,crooks,crooked,cheat,cheats,cheater*,cheating,parasite*,moron*,scrounger*,freeloader*,leech,leeches,sponger*,lowlife,low life,low lives,clown,clowns,con man,conman,con artist,swindler*,shameless,shameful,dumb,fool,fools,foolish,imbecile*,lazy,bum,bums,trash,rubbish excuse*,crap,crappy,bloody,damn,damned,hell,fuck*,fck*,shit*,bastard*,arse,arsehole*,ass,asshole*,bitch*,piss*,twat*,wanker*,dickhead*,jerk,jerks,creep,creeps,rat,rats,vermin,worthless,waste of space,lame excuse*,pitiful,laughable,ridiculous,joke of a,you are a joke,clueless,brainless,disgusting,despicable,spineless,coward*,sleaze*,sleazy,shady,dodgy,cowboy,cowboys,chancer*,thug*,pig,pigs",
            why::INSULT,
        ),
        rule(
            Humiliation,
            "who do you think you are,grow a spine,grow a pair,man up,toughen up,grown adults|ups,grown up people,adults pay,real businesses pay,responsible people pay,normal people pay,you clearly|obviously can not,can not manage money,can not manage your money|finances|business,folk like you,types like you,any normal|sane|decent|honest|sensible|competent person|business|company|adult,people of your sort|kind|type,your sort,you people,you lot,how hard is it,how hard can it be,how hard could it be,how difficult is it,how difficult can it be,it is not rocket science,not rocket science,is not that hard,is not that difficult,even a child,even a toddler,even a monkey,a child could,grow up,get a grip,act like an adult,act your age,be a man,be an adult,childish,irresponsible,shame on you,you should be ashamed,should be ashamed,ashamed of yourself,have you no shame,sob story,sob stories,cry poor,crying poor,poor excuse*,your excuses,more excuses,no more excuses,stop making excuses,excuses excuses,call yourself a,what kind of business|company|person|people|man|woman|outfit,you can not even,you could not even,not even capable,simplest thing,is it too much to ask,too much to ask,what is wrong with you,are you stupid,are you serious,can not you read|understand|count,do you not understand|read,did you not understand|read,can you not read|understand|count,are you blind,learn to read|count,everyone else manages|managed|pays|paid|can,all our other customers|clients manage|managed|pay|paid,every other customer|client manages|managed|pays|paid",
            why::BELITTLE,
        ),
        rule(Humiliation, "people like you", why::BELITTLE).unless("help,helped,support,many,other,most,plenty"),
        // ------------------------------------------------ authority and legal steps
        // AJA 1970 s.40(1)(c),(d); CONC 7.11.1–3; FDCPA §1692e(1),(3),(9).
        rule(
            Authority,
            "by order of the court|courts|police|government|state,order of the court,under the authority of the court|courts|police|government|state,authority of the court,on behalf of hmrc|irs,on behalf of the government|council|state|police|court|courts,on behalf of the tax office,act|acting|working for hmrc|irs,act|acting|working for the government|police|court|courts|council,act|acting|working for the tax office,we are bailiffs|police|enforcement|court,officially authorised|authorized|appointed|approved|sanctioned|licensed|recognised|recognized,court officer*,officer of the court,officers of the court,court official*,court appointed,court enforcement,on behalf of the court|courts|police|government|state,instructed by the court|courts|police|government,acting for the court|police|government,authorised|authorized|appointed|instructed|sanctioned|approved|licensed|mandated|backed by the court|courts|government|state|police|hmrc|irs|ministry|authorities,government approved|backed|appointed|authorised|authorized|agency|department,official notice|warning|demand|summons|document|order|court|letter|enforcement,legal notice,summons,summonsed,summoned,subpoena*,notice of enforcement,enforcement notice,we are the court|police|authorities",
            why::OFFICIAL,
        ),
        rule(Authority, "working|work|cooperating|liaising with the police|hmrc|court|courts|authorities,i|we have a court order,have obtained a court order,gerichtsbeschluss,decision du tribunal pour,j ai une decision du tribunal", why::OFFICIAL),
        rule(Authority, "mit der polizei zusammen,arbeiten mit der polizei,in zusammenarbeit mit der polizei,travaillons avec la police,en lien avec la police,en collaboration avec la police", why::OFFICIAL),
        rule(Authority, "we are,we re;enforcement,bailiff*,sheriff*,court officer*,officers of the court,high court", why::OFFICIAL).ordered().near(3),
        rule(
            Authority,
            "court,courts,county court,small claims,legal action,legal proceedings,legal steps,legal measures,legal route,legal remedies,legal means,proceedings,solicitor,solicitors,lawyer,lawyers,attorney,attorneys,collection agency,collection agencies,collections agency,collections agencies,debt collector,debt collectors,debt collection agency|agencies|company|firm,debt recovery,recovery agent*,collection agent*,sue,suing,sued,lawsuit*,litigat*,ccj,ccjs,county court judgment,judgment,judgement,statutory demand,winding up,wind up,bankrupt*,insolvency,credit reference agenc*,credit reference,credit agency,credit agencies,credit bureau*,experian,equifax,transunion,letter before action,letter before claim,legal department,legal team,tribunal",
            why::PREMATURE,
        )
        .before_final(),
    ]
    .into_iter()
    .map(|r| fill(r, &[("{TELL}", TELL), ("{OTHERS}", OTHERS), ("{ASSETS}", ASSETS)]))
    .collect()
}
