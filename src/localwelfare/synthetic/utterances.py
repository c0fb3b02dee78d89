"""What each speaker of the synthetic corpus can say: sentences per code, role and language.

The corpus of :mod:`.qualitative` picks a respondent turn's sentence by its code *and* by who
speaks, in which study and where, so that a quote never contradicts its speaker (a client does not
make home visits, a newcomer does not make exceptions to the rules, an Amsterdam volunteer does not
speak of the Belgian *leefloon*).

:data:`CODES`
    The codebook: code path -> description (two levels).
:data:`ROLES`
    Actor group -> speaking role: ``client`` (INCh families in poverty, Antwerp clients: their own
    experience), ``newcomer`` (BBOX newcomers; falls back to ``client`` where a client's sentence
    fits), ``worker`` (social workers of INCh, Antwerp and the BBOX PCSWs: their work),
    ``policy`` (INCh policy makers: the network and local policy), ``manager`` (PCSW managers:
    the centre's policy and the steering of its social workers), ``professional`` and
    ``informal`` (Oud Noord's neighbourhood-team professionals and informal actors, in Amsterdam).
:data:`ROLE_LANGUAGES`
    The languages each role has sentences in (Dutch, French and English for clients and
    newcomers: English stands for a translation; Dutch only in Amsterdam).
:data:`SENTENCES`
    Code path -> role -> one sentence per language of :data:`ROLE_LANGUAGES`.
:data:`GUIDES`
    Study -> the codes its interview guide covers (the same for every actor group of the study).
:data:`RULES`
    Phrases that only some roles, studies or places can say; the corpus test checks every
    segment against them.
"""

from __future__ import annotations

import re

#: The codebook: code path -> description.
CODES: dict[str, str] = {
    "network organisation": "How the local network is organised and steered.",
    "network organisation/coordination": (
        "Coordination between member organisations: meetings, a coordinator, case consultation."
    ),
    "network organisation/governance": (
        "Who steers the network: lead organisation, the PCSW, a network administrative body."
    ),
    "network organisation/information sharing": (
        "Sharing information about families between organisations, and its limits."
    ),
    "access and thresholds": "Thresholds that keep people from help.",
    "access and thresholds/administrative burden": (
        "Forms, documents and procedures people must go through."
    ),
    "access and thresholds/language": (
        "Language as a threshold: understanding, interpreters, language requirements."
    ),
    "access and thresholds/costs": "Costs of services, advances and fees.",
    "access and thresholds/distance and opening hours": (
        "Physical distance, transport and opening hours."
    ),
    "access and thresholds/waiting times": "Waiting for an appointment, a decision or a payment.",
    "inclusion and exclusion practices": "Practices that include or exclude people.",
    "inclusion and exclusion practices/conditionality": (
        "Help made conditional on effort: contracts, availability for work, language courses."
    ),
    "inclusion and exclusion practices/outreach": (
        "Reaching out to people who do not come by themselves."
    ),
    "inclusion and exclusion practices/stigma": (
        "Shame and being looked down on when asking for help."
    ),
    "responsiveness": "Whether services respond to people's needs.",
    "responsiveness/being heard": "Being listened to and taken seriously.",
    "responsiveness/tailored help": (
        "Help fitted to the situation rather than standard procedures."
    ),
    "responsiveness/integrated help": (
        "Needs across several life domains (income, housing, school, health) answered together."
    ),
    "trust": "Trust between people and services, and among professionals.",
    "trust/trust in professionals": "Trust in a social worker or service.",
    "trust/distrust": "Distrust of services or of the other side (formal/informal).",
    "trust/low trust in the formal domain": (
        "Residents' low trust in formal services and the municipality."
    ),
    "trust/trust in informal actors": (
        "Residents trusting volunteers, neighbours and associations more than formal services."
    ),
    "fragmentation": "A landscape of services that does not hang together.",
    "fragmentation/referrals": "Being sent, or sending people, from one service to the next.",
    "fragmentation/overlapping services": "Services doing the same thing next to each other.",
    "co-production": "Professionals and informal actors working together.",
    "co-production/informal actors": (
        "Volunteers, residents, associations and experts by experience in the network."
    ),
    "co-production/participation": "Families and residents taking part in decisions.",
    "co-production/stressing the difference": (
        "Professionals and informal actors stressing how they differ from the other side."
    ),
    "advocacy": "Speaking up for residents and families.",
    "advocacy/signalling to policy": (
        "Raising structural problems with the municipality or higher levels."
    ),
    "advocacy/speaking for residents": (
        "Informal actors speaking up for residents towards professionals and services."
    ),
    "advocacy/link to formal services": (
        "Informal actors as the bridge between residents and formal services."
    ),
    "discretion": "Room for judgement of social workers in applying rules.",
    "discretion/rules and exceptions": (
        "Bending or applying rules strictly; exceptions made or refused."
    ),
    "discretion/depends on the social worker": (
        "Outcomes that depend on which social worker one meets."
    ),
    "discretion/room for manoeuvre": (
        "The room social workers have, or lack, to decide for themselves."
    ),
    "working conditions": "Social workers' working conditions.",
    "working conditions/caseload": "Number of files, time per client, staff shortages.",
    "working conditions/emotional burden": "Stress, moral distress and burnout.",
    "working conditions/time pressure": ("Deadlines, registration and no time for the client."),
    "rules and policy": "The PCSW's rules and policy, and the management's view.",
    "rules and policy/local guidelines": (
        "The centre's own guidelines and the council's decisions on extra help."
    ),
    "rules and policy/legal framework": (
        "Federal and regional law: integration income, residence status, integration duty."
    ),
    "rules and policy/steering social workers": (
        "How management frames, checks and supports social workers' decisions."
    ),
    "rationales": "The reasons behind granting benefits and integration measures.",
    "rationales/deservingness": "Who deserves help: effort, need, belonging, gratitude.",
    "rationales/granting benefits": "Why a benefit or extra help is granted or refused.",
    "rationales/integration measures": (
        "Why language courses, civic integration or activation are asked of newcomers."
    ),
    # the INCh families' module (:data:`FAMILY_MODULE`): the life domains of their needs
    "life domains": "The areas of a family's life its needs touch (asked of INCh families only).",
    "life domains/income": "Not enough money: debts, bills, the end of the month.",
    "life domains/housing": "A home that is too small, damp, too expensive or not there.",
    "life domains/school": "Children's schooling: costs, results, contact with the school.",
    "life domains/health": "Physical and mental health, and the costs of care.",
    "life domains/work": "Finding or keeping work, training, childcare for work.",
    "network response": "Whether help came for a need (asked of INCh families only).",
    "network response/answered": "Some service of the network responded to the need.",
    "network response/not answered": "No service responded to the need.",
}

#: Actor group -> speaking role.
ROLES: dict[str, str] = {
    "family_in_poverty": "client",
    "client": "client",
    "newcomer": "newcomer",
    "social_worker": "worker",
    "pcsw_social_worker": "worker",
    "policy_maker": "policy",
    "pcsw_manager": "manager",
    "professional": "professional",
    "informal_actor": "informal",
}

#: The languages each role has sentences in, in the order of :data:`SENTENCES`' tuples.
ROLE_LANGUAGES: dict[str, tuple[str, ...]] = {
    "client": ("nl", "fr", "en"),
    "newcomer": ("nl", "fr", "en"),
    "worker": ("nl", "fr"),
    "policy": ("nl", "fr"),
    "manager": ("nl", "fr"),
    "professional": ("nl",),
    "informal": ("nl",),
}

#: Roles whose missing sentences are taken from another role.
FALLBACK = {"newcomer": "client"}

C, W, P, M, PR, IN, NC = (
    "client",
    "worker",
    "policy",
    "manager",
    "professional",
    "informal",
    "newcomer",
)

#: Code path -> role -> sentences (one per language of the role).
SENTENCES: dict[str, dict[str, tuple[str, ...]]] = {
    "network organisation/coordination": {
        C: (
            "Ze hebben over mij overlegd met de school, dat vond ik goed.",
            "Le CPAS et l'école se sont parlé pour mon fils, ça m'a aidé.",
            "The PCSW and the school talked to each other about my son, that helped.",
        ),
        W: (
            "Op het welzijnsoverleg stemmen we af wie welk gezin opvolgt, dat werkt goed.",
            "À la concertation on décide quel service suit quelle famille.",
        ),
        P: (
            "Als schepen zit ik het netwerkoverleg voor, elke maand met alle partners.",
            "En tant qu'échevin je préside la concertation du réseau chaque mois.",
        ),
        PR: ("In het wijkteam bespreken we elke week de gezinnen met de partners.",),
        IN: ("Soms mogen we aanschuiven bij het overleg van het wijkteam, dat is nieuw.",),
    },
    "network organisation/governance": {
        C: (
            "Wie daar beslist weet ik niet, ik zie alleen het loket.",
            "Qui décide là-bas, je ne sais pas, je vois juste le guichet.",
            "Who decides there I do not know, I only see the desk.",
        ),
        W: (
            "Het OCMW trekt het netwerk, de kleinere partners volgen.",
            "Le CPAS pilote le réseau, les associations se sentent mises de côté.",
        ),
        P: (
            "Wij hebben gekozen voor een netwerkcoördinator die boven de partners staat.",
            "Nous avons choisi un coordinateur qui se place au-dessus des partenaires.",
        ),
        PR: ("Het stadsdeel bepaalt de agenda, de bewonersgroepen mogen meepraten.",),
        IN: ("Het stadsdeel beslist, wij als bewonersgroep worden achteraf ingelicht.",),
    },
    "network organisation/information sharing": {
        C: (
            "Ik moet mijn verhaal bij elke dienst opnieuw vertellen.",
            "Je dois raconter mon histoire à chaque service.",
            "I have to tell my story again at every office.",
        ),
        W: (
            "We mogen niet alles doorgeven door het beroepsgeheim, dat remt de samenwerking.",
            "Le secret professionnel limite ce qu'on peut partager avec les partenaires.",
        ),
        P: (
            "We werken aan een afsprakenkader over gedeeld beroepsgeheim in het netwerk.",
            "Nous préparons une charte sur le secret partagé entre les partenaires.",
        ),
        PR: ("Wat we van de vrijwilligers horen, mogen we niet zomaar in het dossier zetten.",),
        IN: ("Het wijkteam vraagt ons alles, maar vertelt zelf niets terug.",),
    },
    "access and thresholds/administrative burden": {
        C: (
            "Al die formulieren en attesten, ik verdrink erin.",
            "Tous ces papiers et attestations, je m'y perds.",
            "So many forms and certificates, I get lost in them.",
        ),
        NC: (
            "Ze vroegen papieren uit mijn land die ik niet kan krijgen.",
            "On m'a demandé des papiers de mon pays que je ne peux pas obtenir.",
            "They asked for papers from my country that I cannot get.",
        ),
        W: (
            "Ik vul de helft van de formulieren zelf in met mijn cliënten.",
            "Je remplis la moitié des formulaires avec mes usagers.",
        ),
        P: (
            "We willen het aantal attesten dat we vragen halveren.",
            "Nous voulons réduire de moitié les attestations demandées.",
        ),
        M: (
            "Als directie hebben we de lijst met verplichte documenten ingekort.",
            "La direction a raccourci la liste des documents obligatoires.",
        ),
        PR: ("Voor de bijstand moeten bewoners een hele map aan papieren aanleveren.",),
        IN: ("Wij helpen buurtbewoners met de brieven van de gemeente, die snapt niemand.",),
    },
    "access and thresholds/language": {
        C: (
            "Ik begrijp de brieven niet, ze zijn in moeilijke taal geschreven.",
            "Je ne comprends pas les lettres, c'est écrit trop compliqué.",
            "I do not understand the letters, the language is too difficult.",
        ),
        NC: (
            "Aan het loket spreken ze alleen Nederlands en er is geen tolk.",
            "Au guichet on parle trop vite, sans interprète je ne comprends rien.",
            "At the desk they only speak the local language and there is no interpreter.",
        ),
        W: (
            "Zonder tolk kan ik het gesprek niet voeren, maar een tolk boek je weken vooraf.",
            "Sans interprète je ne peux pas mener l'entretien, il faut le réserver longtemps.",
        ),
        P: (
            "We investeren in sociaal tolken voor alle partners van het netwerk.",
            "Nous finançons des interprètes sociaux pour tous les partenaires.",
        ),
        M: (
            "Als directie vragen we dat het gesprek in het Nederlands gebeurt, met een tolk "
            "als uitzondering.",
            "La direction a fixé un budget d'interprétariat par service.",
        ),
        PR: ("We werken met sleutelfiguren die de taal van de bewoners spreken.",),
        IN: ("Ik vertaal voor de buren als ze naar het wijkteam moeten.",),
    },
    "access and thresholds/costs": {
        C: (
            "De opvang kost te veel, zelfs met het sociaal tarief.",
            "Même avec le tarif social, la crèche reste trop chère pour nous.",
            "Even with the social rate, childcare is too expensive for us.",
        ),
        W: (
            "Mijn cliënten haken af zodra er een voorschot gevraagd wordt.",
            "Mes usagers abandonnent dès qu'on leur demande une avance.",
        ),
        P: (
            "Het netwerk betaalt de schoolkosten voor gezinnen met een laag inkomen.",
            "Le réseau prend en charge les frais scolaires des familles à bas revenus.",
        ),
        PR: ("Voor veel gezinnen is de eigen bijdrage al een reden om af te haken.",),
        IN: ("In de buurtkamer is alles gratis, daarom komen mensen eerst naar ons.",),
    },
    "access and thresholds/distance and opening hours": {
        C: (
            "Het kantoor is alleen in de voormiddag open en de bus rijdt maar om het uur.",
            "Le bureau n'ouvre que le matin et il faut deux bus pour y aller.",
            "The office only opens in the morning and I need two buses to get there.",
        ),
        W: (
            "Onze permanentie is alleen in de voormiddag, voor werkende ouders is dat moeilijk.",
            "Notre permanence n'est ouverte que le matin, c'est difficile pour ceux qui "
            "travaillent.",
        ),
        P: (
            "We openen een tweede loket in de deelgemeente.",
            "Nous ouvrons une antenne dans l'autre village de la commune.",
        ),
        PR: ("Het wijkteam zit aan de rand van de buurt, veel bewoners komen er nooit.",),
        IN: ("Wij zijn er ook 's avonds, het wijkteam sluit om vijf uur.",),
    },
    "access and thresholds/waiting times": {
        C: (
            "Ik wacht al zes weken op een beslissing over mijn leefloon.",
            "J'attends depuis des semaines une réponse pour mon revenu d'intégration.",
            "I have been waiting for weeks for a decision about my income support.",
        ),
        NC: (
            "Ik wacht al maanden op een afspraak bij het OCMW.",
            "J'attends depuis des mois un rendez-vous au CPAS.",
            "I have been waiting for months for an appointment at the PCSW.",
        ),
        W: (
            "De wachtlijst voor een eerste gesprek is vier weken, dat is te lang.",
            "La liste d'attente pour un premier entretien est de quatre semaines.",
        ),
        P: (
            "We hebben extra middelen gevraagd om de wachtlijsten weg te werken.",
            "Nous avons demandé des moyens pour résorber les listes d'attente.",
        ),
        M: (
            "Als directie volgen we de wachttijden elke maand op.",
            "La direction suit chaque mois les délais d'attente.",
        ),
        PR: ("De wachtlijst voor schuldhulp loopt op tot drie maanden.",),
        IN: ("Bewoners wachten maanden op de gemeente, dus komen ze bij ons.",),
    },
    "inclusion and exclusion practices/conditionality": {
        C: (
            "Ik moet bewijzen dat ik werk zoek, anders krijg ik geen steun.",
            "Il faut signer le projet individualisé, sinon l'aide est suspendue.",
            "They said I must look for work or the support stops.",
        ),
        NC: (
            "Ze zeiden dat ik de inburgeringscursus moet volgen of de steun stopt.",
            "On m'a dit de suivre le parcours d'intégration sinon l'aide s'arrête.",
            "They said I must follow the integration course or the support stops.",
        ),
        W: (
            "Ik moet een geïndividualiseerd project laten tekenen, ook als het niet past.",
            "Je dois faire signer un projet individualisé, même quand ça n'a pas de sens.",
        ),
        P: (
            "Het beleid vraagt tegenprestaties, het netwerk probeert dat te verzachten.",
            "La politique demande des contreparties, le réseau essaie de les adoucir.",
        ),
        M: (
            "Als directie houden we vast aan het geïndividualiseerd project voor iedereen.",
            "La direction tient au projet individualisé pour tout le monde.",
        ),
        PR: ("Bij de bijstand moeten bewoners solliciteren, anders volgt een korting.",),
        IN: ("Mensen durven niet naar de gemeente, bang dat ze iets moeten terugdoen.",),
    },
    "inclusion and exclusion practices/outreach": {
        C: (
            "Iemand kwam bij mij thuis langs, anders was ik nooit gegaan.",
            "Quelqu'un est venu chez moi, sinon je n'y serais jamais allée.",
            "Someone came to my home; otherwise I would never have gone.",
        ),
        W: (
            "We gaan op huisbezoek bij gezinnen die zelf de weg niet vinden.",
            "On va à la rencontre des familles dans le quartier, à l'école, au parc.",
        ),
        P: (
            "We financieren outreachende werkers in de scholen.",
            "Nous finançons des travailleurs de rue dans les écoles.",
        ),
        M: (
            "We sturen een maatschappelijk werker naar de opvangcentra voor nieuwkomers.",
            "Nous envoyons une assistante sociale dans les centres d'accueil.",
        ),
        PR: ("We gaan de buurt in met de buurtbewoners die iedereen kennen.",),
        IN: ("Ik bel aan bij de buren die ik een tijd niet heb gezien.",),
    },
    "inclusion and exclusion practices/stigma": {
        C: (
            "Ik schaam me om naar het OCMW te gaan, iedereen kent je daar.",
            "J'ai honte d'aller au CPAS, on se sent regardé de haut.",
            "I feel ashamed to go to the PCSW; they look at you as if you are a profiteer.",
        ),
        NC: (
            "Ik schaam me, in mijn land vroeg ik nooit om hulp.",
            "J'ai honte, dans mon pays je ne demandais jamais d'aide.",
            "I feel ashamed; in my country I never asked for help.",
        ),
        W: (
            "Veel ouders komen pas als het water aan de lippen staat, uit schaamte.",
            "Beaucoup de parents viennent trop tard, par honte.",
        ),
        P: (
            "We willen van het OCMW een huis maken waar iedereen binnenstapt, zonder stempel.",
            "Nous voulons que le CPAS soit une maison ouverte à tous, sans étiquette.",
        ),
        M: (
            "We hebben het onthaal verbouwd zodat niemand in de wachtzaal gezien wordt.",
            "Nous avons refait l'accueil pour que personne ne soit vu dans la salle d'attente.",
        ),
        PR: ("Bewoners schamen zich om bij het wijkteam binnen te stappen.",),
        IN: ("Bij ons hoeft niemand zich te schamen, we zijn ook gewoon buren.",),
    },
    "responsiveness/being heard": {
        C: (
            "Eindelijk iemand die echt luistert naar wat wij nodig hebben.",
            "Enfin quelqu'un qui écoute vraiment ce dont on a besoin.",
            "For the first time someone really listened to what my family needs.",
        ),
        W: (
            "Ik neem de tijd om eerst te luisteren voor ik iets voorstel.",
            "Je prends le temps d'écouter avant de proposer quoi que ce soit.",
        ),
        P: (
            "Ouders krijgen een stem in het netwerk via een klankbordgroep.",
            "Les parents ont une voix dans le réseau par un groupe de parole.",
        ),
        PR: ("We vragen buurtbewoners eerst wat zij zelf willen.",),
        IN: ("Bij ons worden bewoners gehoord, bij de instanties niet.",),
    },
    "responsiveness/tailored help": {
        C: (
            "Ze zochten samen met mij een oplossing op maat voor de huur.",
            "L'assistante a trouvé une solution adaptée pour le loyer.",
            "The social worker found a solution that fitted our situation.",
        ),
        W: (
            "Ik zoek voor elk gezin een oplossing op maat, geen standaardpakket.",
            "Je cherche une solution adaptée à chaque famille, pas un paquet standard.",
        ),
        P: (
            "Het netwerk moet maatwerk mogelijk maken, niet alleen standaardprocedures.",
            "Le réseau doit permettre du sur-mesure, pas seulement des procédures.",
        ),
        M: (
            "Als directie geven we ruimte voor maatwerk binnen het budget.",
            "La direction laisse de la place au sur-mesure dans le budget.",
        ),
        PR: ("Samen Doen zoekt per gezin wat nodig is, geen vast programma.",),
        IN: ("Wij kijken wat iemand echt nodig heeft, een fiets of een luisterend oor.",),
    },
    "responsiveness/integrated help": {
        C: (
            "Huur, school en mijn gezondheid: nu helpt één persoon me met alles samen.",
            "Le loyer, l'école, ma santé: une seule personne m'aide pour tout.",
            "Rent, school and my health: now one person helps me with everything together.",
        ),
        W: (
            "Ik bekijk het hele gezin: inkomen, wonen, school en gezondheid samen.",
            "Je regarde toute la famille: revenus, logement, école et santé ensemble.",
        ),
        P: (
            "Het netwerk wil gezinnen op alle levensdomeinen tegelijk ondersteunen.",
            "Le réseau veut soutenir les familles dans tous les domaines de vie à la fois.",
        ),
        PR: ("Met het Ouder- en Kindteam kijken we naar het hele gezin, niet één probleem.",),
        IN: ("Wie bij ons komt voor eten, vertelt ook over de huur en de school.",),
    },
    "trust/trust in professionals": {
        C: (
            "Mijn maatschappelijk werker vertrouw ik, ik kan haar alles vertellen.",
            "J'ai confiance en mon assistante sociale, je peux tout lui dire.",
            "I trust my social worker, I can tell her everything.",
        ),
        W: (
            "Het duurt maanden voor een gezin me vertrouwt, dat moet je verdienen.",
            "Il faut des mois pour qu'une famille me fasse confiance.",
        ),
        P: (
            "Vertrouwen tussen de partners is het kapitaal van het netwerk.",
            "La confiance entre partenaires est le capital du réseau.",
        ),
        M: (
            "We vertrouwen op het oordeel van onze maatschappelijk werkers.",
            "Nous faisons confiance au jugement de nos assistants sociaux.",
        ),
        PR: ("Met de vrijwilligers groeit het vertrouwen, we kennen elkaar nu.",),
        IN: ("Eén vrouw van het wijkteam vertrouw ik wel, zij komt echt luisteren.",),
    },
    "trust/distrust": {
        C: (
            "Ze doen alsof ze helpen, maar uiteindelijk controleren ze je.",
            "Ils disent qu'ils aident, mais en fait ils contrôlent.",
            "They say they help, but in the end they check on you.",
        ),
        NC: (
            "Ik ben bang dat wat ik zeg naar de dienst vreemdelingenzaken gaat.",
            "J'ai peur que ce que je dis aille à l'Office des étrangers.",
            "I am afraid that what I say goes to the immigration office.",
        ),
        W: (
            "Veel cliënten wantrouwen ons, ze denken dat we controleren.",
            "Beaucoup d'usagers se méfient, ils pensent qu'on les contrôle.",
        ),
        P: (
            "Sommige partners wantrouwen het OCMW als trekker van het netwerk.",
            "Certains partenaires se méfient du CPAS comme pilote du réseau.",
        ),
        M: (
            "Nieuwkomers wantrouwen ons soms, ze zien ons als een verlengstuk van de overheid.",
            "Les nouveaux arrivants se méfient, ils nous voient comme l'État.",
        ),
        PR: ("Sommige vrijwilligers wantrouwen ons, ze denken dat we bewoners controleren.",),
        IN: ("Het wijkteam zegt dat het helpt, maar eigenlijk controleren ze je.",),
    },
    "trust/low trust in the formal domain": {
        PR: ("Bewoners hebben weinig vertrouwen in de gemeente, dat merken we elke dag.",),
        IN: ("De buurtbewoners geloven de gemeente niet meer, na alle beloftes.",),
    },
    "trust/trust in informal actors": {
        PR: ("Bewoners vertrouwen de vrijwilligers meer dan ons.",),
        IN: ("Mensen komen eerst naar ons omdat ze ons kennen, niet naar een loket.",),
    },
    "fragmentation/referrals": {
        C: (
            "Van het ene loket word je naar het andere gestuurd, niemand is bevoegd.",
            "On nous renvoie d'un service à l'autre, personne n'est compétent.",
            "Every office sends you to another office; nobody is responsible.",
        ),
        W: (
            "Ik verwijs door, maar weet niet of het gezin daar ooit aankomt.",
            "J'oriente vers un autre service sans savoir si la famille y arrive.",
        ),
        P: (
            "Het netwerk moet het doorverwijzen tussen diensten warmer maken.",
            "Le réseau doit rendre l'orientation entre services plus chaleureuse.",
        ),
        M: (
            "We spreken met de partners af wie welke vraag opneemt, dan verwijzen we minder.",
            "Nous convenons avec les partenaires qui prend quelle demande.",
        ),
        PR: ("We sturen bewoners door naar Samen Doen, maar daar begint het opnieuw.",),
        IN: ("Bewoners worden van loket naar loket gestuurd, dan gaan wij maar mee.",),
    },
    "fragmentation/overlapping services": {
        C: (
            "Drie diensten vroegen me hetzelfde en niemand wist van de ander.",
            "Trois services m'ont demandé la même chose sans se parler.",
            "Three services asked me the same thing and none knew of the other.",
        ),
        W: (
            "Drie organisaties doen hetzelfde huiswerkaanbod zonder het van elkaar te weten.",
            "Trois associations font la même chose sans se parler.",
        ),
        P: (
            "We brengen het aanbod in kaart om dubbel werk tussen partners te vermijden.",
            "Nous cartographions l'offre pour éviter les doublons entre partenaires.",
        ),
        PR: ("In de buurt lopen vier projecten voor hetzelfde gezin naast elkaar.",),
        IN: ("Er zijn hier drie taalcafés die niets van elkaar weten.",),
    },
    "co-production/informal actors": {
        C: (
            "De vrijwilligers van het buurthuis helpen me meer dan de diensten.",
            "Les bénévoles de la maison de quartier m'aident plus que les services.",
            "The volunteers at the community centre help me more than the services.",
        ),
        W: (
            "De vrijwilligers van de buurtkeuken zien problemen veel sneller dan wij.",
            "Les bénévoles voient les problèmes bien avant nous.",
        ),
        P: (
            "We willen vrijwilligersorganisaties een vaste plek in het netwerk geven.",
            "Nous voulons donner aux associations bénévoles une place dans le réseau.",
        ),
        PR: ("De vrijwilligers van de buurtkamer zien problemen veel sneller dan wij.",),
        IN: ("Als vrijwilliger doe ik wat de professionals laten liggen.",),
    },
    "co-production/participation": {
        C: (
            "Ik zit nu in de oudergroep, ze vragen echt onze mening.",
            "Je participe au groupe de parents, on nous demande notre avis.",
            "I am in the parents' group now; they really ask for our opinion.",
        ),
        W: (
            "Ouders zitten mee aan tafel bij het netwerkoverleg, dat verandert de toon.",
            "Les parents participent aux réunions du réseau, ça change tout.",
        ),
        P: (
            "Ervaringsdeskundigen zitten in de stuurgroep van het netwerk.",
            "Des experts du vécu siègent au comité de pilotage du réseau.",
        ),
        PR: ("Buurtbewoners denken mee over het jaarplan van het wijkteam.",),
        IN: ("Wij buurtbewoners worden uitgenodigd, maar de beslissingen zijn al genomen.",),
    },
    "co-production/stressing the difference": {
        PR: ("Wij zijn professionals met een methodiek, de vrijwilligers doen iets anders.",),
        IN: ("Wij zijn geen hulpverleners, wij zijn buren, dat is het verschil.",),
    },
    "advocacy/signalling to policy": {
        C: (
            "Ik heb mijn verhaal verteld aan de gemeente, maar er verandert niets.",
            "J'ai raconté mon histoire à la commune, mais rien ne change.",
            "I told the council my story, but nothing changes.",
        ),
        W: (
            "We signaleren de woonproblemen aan de gemeenteraad, maar er verandert weinig.",
            "Nous signalons les problèmes de logement à la commune, sans grand résultat.",
        ),
        P: (
            "Als schepen breng ik de signalen van het netwerk naar de Vlaamse overheid.",
            "En tant qu'échevin je porte les signaux du réseau vers la Région.",
        ),
        M: (
            "Als directie melden we de knelpunten rond nieuwkomers aan de federale overheid.",
            "La direction signale les problèmes des nouveaux arrivants au fédéral.",
        ),
        PR: ("We melden de woonproblemen aan het stadsdeel, maar er verandert weinig.",),
        IN: ("Wij schrijven brieven naar het stadsdeel over de schimmel in de woningen.",),
    },
    "advocacy/speaking for residents": {
        PR: ("De bewonersgroep komt voor bewoners op, soms harder dan wij kunnen.",),
        IN: ("Ik ga mee naar het wijkteam en zeg wat de bewoner zelf niet durft.",),
    },
    "advocacy/link to formal services": {
        PR: ("Via de vrijwilligers bereiken we gezinnen die nooit bij het wijkteam komen.",),
        IN: ("Wij brengen de buren naar het wijkteam, wij zijn de brug.",),
    },
    "discretion/rules and exceptions": {
        C: (
            "De ene zei ja, de volgende zei dat de regels het niet toelaten.",
            "L'une a dit oui, la suivante a dit que le règlement ne le permet pas.",
            "One social worker said yes, the next one said the rules do not allow it.",
        ),
        W: (
            "Volgens de regels kan het niet, maar ik maak soms een uitzondering.",
            "Selon le règlement c'est impossible, mais je fais parfois une exception.",
        ),
        P: (
            "Het beleid laat uitzonderingen toe, als ze goed gemotiveerd zijn.",
            "La politique permet des exceptions, si elles sont motivées.",
        ),
        M: (
            "Als directie willen we dat uitzonderingen op het comité besproken worden.",
            "La direction veut que chaque exception passe par le comité.",
        ),
        PR: ("Volgens de regels kan het niet, maar we zoeken een uitweg voor het gezin.",),
        IN: ("Wij kijken niet naar regels, wij helpen gewoon.",),
    },
    "discretion/depends on the social worker": {
        C: (
            "Het hangt ervan af bij wie je terechtkomt, de ene helpt wel, de andere niet.",
            "Ça dépend de l'assistante sociale sur qui on tombe.",
            "It depends on which social worker you get; it is luck.",
        ),
        W: (
            "Mijn collega beslist soms anders dan ik over dezelfde vraag.",
            "Ma collègue décide parfois autrement que moi pour la même demande.",
        ),
        P: (
            "We willen dat gezinnen overal in het netwerk dezelfde hulp krijgen.",
            "Nous voulons que les familles reçoivent la même aide partout.",
        ),
        M: (
            "Het mag niet afhangen van de maatschappelijk werker wat iemand krijgt.",
            "Ce qu'on reçoit ne doit pas dépendre de l'assistant social.",
        ),
        PR: ("Het hangt af van welke professional je treft, dat weten we.",),
        IN: ("Bij het wijkteam hangt alles af van wie je treft.",),
    },
    "discretion/room for manoeuvre": {
        C: (
            "Mijn maatschappelijk werker zegt dat zij dat niet mag beslissen.",
            "Mon assistante sociale dit qu'elle ne peut pas décider ça.",
            "My social worker says she is not allowed to decide that.",
        ),
        W: (
            "Ik heb ruimte om zelf te oordelen, zolang ik het kan verantwoorden.",
            "J'ai une marge pour juger moi-même, tant que je peux le justifier.",
        ),
        P: (
            "We geven de werkers in het netwerk bewust ruimte om zelf te beslissen.",
            "Nous laissons volontairement une marge aux travailleurs du réseau.",
        ),
        M: (
            "De raad laat onze werkers ruimte, binnen de richtlijnen die we opstellen.",
            "Le conseil laisse une marge aux travailleurs, dans nos lignes directrices.",
        ),
        PR: ("In het wijkteam hebben we veel ruimte, de methodiek is vrij.",),
        IN: ("Als vrijwilliger mag ik veel zelf beslissen, dat is het mooie.",),
    },
    "working conditions/caseload": {
        C: (
            "Mijn maatschappelijk werker heeft nooit tijd, ze heeft te veel mensen.",
            "Mon assistante sociale n'a jamais le temps, elle a trop de monde.",
            "My social worker never has time; she has too many people.",
        ),
        W: (
            "Ik heb tachtig dossiers, er is geen tijd meer voor echte begeleiding.",
            "J'ai quatre-vingts dossiers, il n'y a plus de temps pour accompagner.",
        ),
        P: (
            "De werkers in het netwerk hebben te veel dossiers, we zoeken extra personeel.",
            "Les travailleurs du réseau ont trop de dossiers, nous cherchons du personnel.",
        ),
        M: (
            "We zitten op zestig dossiers per werker, dat is onze grens.",
            "Nous sommes à soixante dossiers par travailleur, c'est notre limite.",
        ),
        PR: ("Ik heb vijftig gezinnen in mijn caseload, dat is te veel.",),
        IN: ("De professionals hebben het druk, daarom vangen wij zoveel op.",),
    },
    "working conditions/emotional burden": {
        C: (
            "Ik zie dat mijn maatschappelijk werker moe is, ze draagt veel.",
            "Je vois que mon assistante sociale est fatiguée, elle porte beaucoup.",
            "I can see my social worker is tired; she carries a lot.",
        ),
        W: (
            "Ik neem de verhalen mee naar huis, veel collega's vallen uit.",
            "On ramène les histoires à la maison, beaucoup de collègues craquent.",
        ),
        P: (
            "We zien veel uitval bij de werkers in het netwerk.",
            "Nous voyons beaucoup d'épuisement chez les travailleurs du réseau.",
        ),
        M: (
            "Als directie zien we het verloop stijgen, we bieden supervisie aan.",
            "La direction voit le turnover augmenter, nous proposons de la supervision.",
        ),
        PR: ("De verhalen in de buurt zijn zwaar, collega's vallen uit.",),
        IN: ("Soms is het te zwaar, dan ga ik huilend naar huis.",),
    },
    "working conditions/time pressure": {
        C: (
            "Het gesprek duurt tien minuten, dan moet ik weer weg.",
            "L'entretien dure dix minutes et puis je dois partir.",
            "The appointment lasts ten minutes and then I must leave.",
        ),
        W: (
            "Ik registreer meer dan ik begeleid, alles moet tegen gisteren.",
            "J'encode plus que j'accompagne, tout est pour hier.",
        ),
        P: (
            "De tijdsdruk op de werkers is groot, we schrappen registratie waar het kan.",
            "La pression du temps est forte, nous réduisons l'encodage où c'est possible.",
        ),
        M: (
            "De termijnen voor een beslissing zijn wettelijk, dat zet de werkers onder druk.",
            "Les délais de décision sont légaux, ça met les travailleurs sous pression.",
        ),
        PR: ("Tussen de overleggen door blijft weinig tijd voor de bewoners.",),
        IN: ("Wij hebben tijd, de professionals rennen van afspraak naar afspraak.",),
    },
    "rules and policy/local guidelines": {
        W: (
            "Onze interne richtlijnen zeggen hoeveel aanvullende steun ik mag voorstellen.",
            "Nos lignes directrices internes fixent l'aide complémentaire que je peux proposer.",
        ),
        M: (
            "Als directie hebben we richtlijnen voor aanvullende steun opgesteld, voor iedereen "
            "gelijk.",
            "La direction a fixé des lignes directrices pour l'aide complémentaire, égales pour "
            "tous.",
        ),
    },
    "rules and policy/legal framework": {
        W: (
            "De wet op het leefloon laat me weinig keuze bij een nieuwkomer met subsidiaire "
            "bescherming.",
            "La loi sur le revenu d'intégration me laisse peu de choix.",
        ),
        M: (
            "De wet op het recht op maatschappelijke integratie bepaalt het kader, wij voeren uit.",
            "La loi sur le droit à l'intégration sociale fixe le cadre, nous l'appliquons.",
        ),
    },
    "rules and policy/steering social workers": {
        W: (
            "Mijn diensthoofd leest elk voorstel na voor het naar het comité gaat.",
            "Mon chef de service relit chaque proposition avant le comité.",
        ),
        M: (
            "Als directie bespreken we elk moeilijk dossier met het team.",
            "La direction discute chaque dossier difficile avec l'équipe.",
        ),
    },
    "rationales/deservingness": {
        W: (
            "Wie echt zijn best doet, verdient dat ik extra moeite doe.",
            "Celui qui fait vraiment des efforts mérite que j'en fasse plus.",
        ),
        M: (
            "Hulp hangt bij ons af van de situatie, niet van of iemand het verdient.",
            "Chez nous l'aide dépend de la situation, pas du mérite.",
        ),
    },
    "rationales/granting benefits": {
        W: (
            "Ik stel de huurwaarborg voor omdat de kinderen anders op straat staan.",
            "Je propose la garantie locative parce que sinon les enfants sont à la rue.",
        ),
        M: (
            "Het comité kent aanvullende steun toe als het budget van het gezin tekortschiet.",
            "Le comité accorde l'aide complémentaire si le budget du ménage ne suffit pas.",
        ),
    },
    "rationales/integration measures": {
        W: (
            "Ik vraag de taalcursus omdat ze anders nooit werk vindt.",
            "Je demande le cours de langue parce que sinon elle ne trouvera pas de travail.",
        ),
        M: (
            "Als directie zien we de taalcursus als de sleutel tot integratie.",
            "La direction voit le cours de langue comme la clé de l'intégration.",
        ),
    },
    "life domains/income": {
        C: (
            "Met het geld kwamen we elke maand tekort.",
            "On manquait d'argent chaque mois.",
            "We were short of money every month.",
        )
    },
    "life domains/housing": {
        C: (
            "Onze woning was te klein en vochtig.",
            "Notre logement était trop petit et humide.",
            "Our home was too small and damp.",
        )
    },
    "life domains/school": {
        C: (
            "Mijn kinderen hadden het moeilijk op school.",
            "Mes enfants avaient des difficultés à l'école.",
            "My children were struggling at school.",
        )
    },
    "life domains/health": {
        C: (
            "Mijn gezondheid ging achteruit en de dokter was te duur.",
            "Ma santé se dégradait et le médecin était trop cher.",
            "My health got worse and the doctor was too expensive.",
        )
    },
    "life domains/work": {
        C: (
            "Ik vond geen werk dat te combineren was met de kinderen.",
            "Je ne trouvais pas de travail compatible avec les enfants.",
            "I could not find work that fitted with the children.",
        )
    },
    "network response/answered": {
        C: ("Daarvoor kregen we hulp.", "Pour ça, on a reçu de l'aide.", "For that we got help.")
    },
    "network response/not answered": {
        C: (
            "Daarvoor heeft niemand iets gedaan.",
            "Pour ça, personne n'a rien fait.",
            "Nobody did anything about that.",
        )
    },
}

_ALL = set(CODES)
#: The INCh families' module, asked after the guide: for each life domain of their needs, whether
#: help came. In no study's guide (:data:`GUIDES`); only INCh families are asked it.
FAMILY_MODULE = [c for c in CODES if c.startswith(("life domains/", "network response/"))]
_PCSW_GUIDE = {
    "access and thresholds/administrative burden",
    "access and thresholds/language",
    "access and thresholds/waiting times",
    "inclusion and exclusion practices/conditionality",
    "inclusion and exclusion practices/outreach",
    "responsiveness/tailored help",
    "trust/trust in professionals",
    "trust/distrust",
    "fragmentation/referrals",
    "discretion/rules and exceptions",
    "discretion/depends on the social worker",
    "discretion/room for manoeuvre",
    "working conditions/caseload",
    "working conditions/emotional burden",
    "working conditions/time pressure",
    "rules and policy/local guidelines",
    "rules and policy/legal framework",
    "rules and policy/steering social workers",
    "rationales/deservingness",
    "rationales/granting benefits",
    "rationales/integration measures",
}
_OUD_NOORD_ONLY = {
    "co-production/stressing the difference",
    "advocacy/speaking for residents",
    "advocacy/link to formal services",
    "trust/low trust in the formal domain",
    "trust/trust in informal actors",
}
_PCSW_ONLY = {c for c in _PCSW_GUIDE if c.startswith(("rules and policy/", "rationales/"))}
_NEWCOMER_GUIDE = {
    c
    for c in _ALL
    if "/" in c
    and c.split("/")[0]
    in {
        "access and thresholds",
        "inclusion and exclusion practices",
        "responsiveness",
        "trust",
        "fragmentation",
        "discretion",
    }
} - _OUD_NOORD_ONLY

_SHARED = [c for c in CODES if "/" in c and c not in FAMILY_MODULE]
#: Study -> the codes (leaves) its interview guide covers, for every actor group of the study.
GUIDES: dict[str, list[str]] = {
    "inch": [c for c in _SHARED if c not in _OUD_NOORD_ONLY | _PCSW_ONLY],
    "antwerp": [c for c in _SHARED if c not in _OUD_NOORD_ONLY | _PCSW_ONLY],
    "oud-noord": [c for c in _SHARED if c not in _PCSW_ONLY],
    "bbox": [c for c in CODES if c in _NEWCOMER_GUIDE],
    "bbox-pcsw": [c for c in CODES if c in _PCSW_GUIDE],
}

#: Where each study took place: ``be`` (Belgium) or ``nl`` (Amsterdam).
PLACES = {"inch": "be", "antwerp": "be", "bbox": "be", "bbox-pcsw": "be", "oud-noord": "nl"}

#: Phrases only some speakers can say: (pattern, what may say it). ``places`` and ``studies``
#: restrict where, ``roles`` who; a rule without a key does not restrict on it. Patterns are
#: case-insensitive regular expressions.
RULES: list[dict] = [
    {
        "pattern": r"\bOCMW|\bCPAS\b|\bPCSW|leefloon|revenu d'intégration|welzijnsoverleg"
        r"|maatschappelijke integratie|intégration sociale|Office des étrangers"
        r"|vreemdelingenzaken|Vlaamse overheid|\bRégion\b",
        "what": "Belgian institutions",
        "places": {"be"},
    },
    {
        "pattern": r"wijkteam|Samen Doen|Ouder- en Kindteam|buurtbewoners|stadsdeel|bijstand"
        r"|buurtkamer",
        "what": "Amsterdam institutions",
        "places": {"nl"},
    },
    {
        "pattern": r"ik schaam me|j'ai honte|I feel ashamed|mijn maatschappelijk werker"
        r"|mon assistante sociale|my social worker",
        "what": "experience of a client",
        "roles": {"client", "newcomer"},
    },
    {
        "pattern": r"in mijn land|dans mon pays|in my country|inburgeringscursus"
        r"|parcours d'intégration|integration course|immigration office",
        "what": "experience of a newcomer",
        "roles": {"newcomer"},
    },
    {
        "pattern": r"maak soms een uitzondering|fais parfois une exception|\bdossiers\b"
        r"|huisbezoek|à la rencontre des familles|mijn cliënten|mes usagers|caseload"
        r"|ik verwijs door|j'oriente",
        "what": "work of a professional",
        "roles": {"worker", "professional", "manager", "policy"},
    },
    {
        "pattern": r"tachtig dossiers|quatre-vingts dossiers|ik maak soms|je fais parfois"
        r"|huisbezoek|mijn diensthoofd|mon chef de service|ik registreer|j'encode",
        "what": "work of a social worker",
        "roles": {"worker"},
    },
    {
        "pattern": r"als schepen|en tant qu'échevin",
        "what": "office of a policy maker",
        "roles": {"policy"},
    },
    {
        "pattern": r"als directie|la direction\b",
        "what": "office of a PCSW manager",
        "roles": {"manager"},
    },
    {
        "pattern": r"als vrijwilliger|wij als bewonersgroep|wij zijn geen hulpverleners",
        "what": "role of an informal actor",
        "roles": {"informal"},
    },
    {
        "pattern": r"nieuwkomer|nouveaux arrivants|centres d'accueil|opvangcentra"
        r"|subsidiaire bescherming|taalcursus|cours de langue",
        "what": "the newcomers of BBOX",
        "studies": {"bbox", "bbox-pcsw"},
    },
    {
        "pattern": r"netwerkoverleg|du réseau|het netwerk|le réseau",
        "what": "the local networks of INCh, Antwerp and Oud Noord",
        "studies": {"inch", "antwerp", "oud-noord"},
    },
]
_COMPILED = [(re.compile(r["pattern"], re.IGNORECASE), r) for r in RULES]


def role_of(actor_group: str) -> str:
    """Return the speaking role of an actor group (see :data:`ROLES`)."""
    return ROLES[actor_group]


def sentence(code: str, role: str, language: str) -> str:
    """Return what a speaker of ``role`` says about ``code`` in ``language``.

    Raises KeyError when the table has no such sentence (the completeness test checks that every
    study's guide has one for each of its roles and languages)."""
    for r in (role, FALLBACK.get(role)):
        if r is not None and r in SENTENCES[code] and language in ROLE_LANGUAGES[r]:
            return SENTENCES[code][r][ROLE_LANGUAGES[r].index(language)]
    raise KeyError(f"no sentence for code '{code}', role '{role}', language '{language}'")


def violations(text: str, role: str, study: str) -> list[str]:
    """Return the rules of :data:`RULES` that ``text`` breaks when said by ``role`` in ``study``.

    Examples
    --------
    >>> violations("Ik wacht op mijn leefloon.", "informal", "oud-noord")
    ['Belgian institutions']
    >>> violations("Volgens de regels kan het niet, maar ik maak soms een uitzondering.",
    ...            "newcomer", "bbox")
    ['work of a professional', 'work of a social worker']
    """
    place = PLACES[study]
    out = []
    for pattern, rule in _COMPILED:
        if not pattern.search(text):
            continue
        if (
            ("places" in rule and place not in rule["places"])
            or ("roles" in rule and role not in rule["roles"])
            or ("studies" in rule and study not in rule["studies"])
        ):
            out.append(rule["what"])
    return out


__all__ = [
    "CODES",
    "ROLES",
    "ROLE_LANGUAGES",
    "SENTENCES",
    "GUIDES",
    "FAMILY_MODULE",
    "PLACES",
    "RULES",
    "role_of",
    "sentence",
    "violations",
]
