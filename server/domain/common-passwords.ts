/**
 * Common and breached passwords that a new password may not be (NIST SP 800-63B, 5.1.1.2), lower case.
 *
 * The 1363 passwords of at least 8 characters among the first 6,000 or so of the ranking
 * "10-million-password-list-top-10000" (SecLists, MIT licence), in the order of that ranking, and a
 * few obvious ones for this application (university, competency). Shorter ones are left out: the
 * length rule refuses them already. Kept as a module, not a file read at run time, so the password
 * policy stays pure.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  `
password 12345678 123456789 baseball football qwertyuiop 1234567890 superman 1qaz2wsx trustno1 jennifer
sunshine iloveyou starwars computer michelle 11111111 princess 987654321 corvette 1234qwer 88888888 q1w2e3r4t5
internet samantha whatever maverick steelers mercedes 123123123 qwer1234 hardcore q1w2e3r4 midnight bigdaddy
victoria 1q2w3e4r cocacola marlboro asdfasdf 87654321 12344321 jordan23 liverpoo danielle abcd1234 scorpion
qazwsxedc password1 slipknot qwerty123 startrek 12341234 redskins butthead asdfghjkl qwertyui liverpool
dolphins nicholas elephant mountain xxxxxxxx 1q2w3e4r5t metallic benjamin creative rush2112 asdfghjk
4815162342 passw0rd bullshit 1qazxsw2 garfield 01012011 69696969 december 11223344 godzilla airborne lifehack
brooklyn platinum darkness blink182 789456123 12qwaszx snowball pakistan redwings williams nintendo november
minecraft asdf1234 lasvegas babygirl dickhead 12121212 147258369 explorer snickers metallica alexande paradise
michigan carolina lacrosse christin kimberly kristina poohbear bollocks qweasdzxc drowssap caroline einstein
spitfire maryjane 1232323q champion svetlana westside courtney 12345qwert patricia aaaaaaaa security
123456789a 1234554321 cherokee veronica semperfi scotland marshall 98765432 softball passport franklin
alexander 55555555 zaq12wsx infinity kawasaki 77777777 vladimir freeuser wildcats budlight brittany 00000000
bulldogs swordfis patriots pearljam colorado ncc1701d motorola logitech juventus wolverin warcraft hello123
peekaboo 123654789 panthers elizabet spiderma virginia valentin predator mitchell 741852963 1111111111
rolltide changeme lovelove fktrcfylh loverboy chevelle cardinal michael1 147852369 american alexandr electric
wolfpack spiderman darkside 123456789q 01011980 freepass fyfcnfcbz 22222222 1029384756 billybob 01012000
chocolat cjkysirj 123qweasd serenity greenday charlie1 a1b2c3d4 password123 tarheels remember basketball
zeppelin swimming pavilion engineer bobafett 21122112 icecream darkstar hellfire fireball rockstar defender
swordfish airforce abcdefgh srinivas bluebird wrangler precious harrison goldfish soso123aljg dbrnjhbz
thailand longhorn 123qweasdzxc wordpass 31415926 999999999 letmein1 assassin testtest microsoft devildog
valentina butterfly lonewolf babydoll atlantis angelina hotstuff mistress deftones cadillac blahblah birthday
1234abcd 01011990 cavalier veronika qazwsx123 mustang1 goldberg 12345678910 wolfgang leonardo basketba
cristina aardvark sweetpea 13131313 freedom1 fredfred manchester kathleen hamilton 1qaz2wsx3edc christia
buckeyes 0123456789 stephani enterpri diamonds wetpussy morpheus 66666666 pornstar thuglife highland chandler
trfnthbyf welcome1 51505150 11235813 butterfl elizabeth babylon5 barcelona ultimate yankees1 superfly campbell
geronimo concrete q1w2e3r4t5y6 jessica1 123454321 portugal sundance pleasure 14789632 qazxswedc kingkong
adgjmptw alejandr 1123581321 margaret bluemoon ghbdtnbr bonehead personal morrison aleksandr super123 rhbcnbyf
dietcoke cooldude christop lollipop fernando christian letmein2 werewolf punkrock giovanni cdtnkfyf tottenha
hongkong a1234567 zzzzzzzz hollywoo florence gn56gn56 stocking sebastia matthew1 44444444 makaveli charlott
anthony1 111222333 satan666 columbia skywalke seinfeld qazwsxed fuckfuck wolverine musicman megadeth verbatim
1q2w3e4r5t6y twilight fuckyou1 stardust showtime 147896325 skittles shaney14 qwerty12345 123321123 intrepid
sandiego punisher 1234567a starcraft 192837465 25802580 ekaterina 123698745 1234512345 chargers warriors
raistlin coltrane 1a2b3c4d 19841984 12369874 stranger mailcreated5240 halflife kangaroo panasonic christine
beautiful meridian lonestar kittycat goodluck scoobydo crusader 12312312 fuckface discover catalina 1122334455
californ angelica stonecol anastasia septembe santiago lowrider vacation sithlord ragnarok keyboard 19921992
11112222 nuttertools lorraine dkflbvbh titleist rootbeer magnolia dodgeram creampie aspirine socrates blueeyes
bigballs 1234567q redalert qqqqqqqq munchkin mersedes imperial zaq1xsw2 sebastian research national colombia
01012001 rammstein katerina freckles caliente qazwsxedcrfv oblivion mustangs margarita deadhead zxcv1234
porkchop grateful fuck_inside formula1 a1s2d3f4 23232323 peterpan martinez justdoit goodtime alexandra
sapphire richmond kingston brucelee thunder1 plymouth mariners heather1 chelsea1 123456qwerty spectrum
pineappl labrador 1234567890q 10101010 stephanie commando amsterdam webmaster fletcher thompson candyman
aquarius starfish monopoly infiniti gangbang blackjac 8j4ye3uz 19871987 0000000000 sailboat richard1 godsmack
emmanuel cosworth 19891989 rosemary lightnin chevrole catherin qwerty123456 frontier asshole1 01011991
luckydog 15426378 swingers snuggles qwertyuio mandingo ihateyou beefcake beatrice 111111111 whocares scooter1
doberman clitoris 5555555555 dannyboy children viktoria valhalla terminator oklahoma ncc1701a keystone
clarence bunghole 19751975 romashka pa55word golfball doughboy charlotte achilles patrick1 gateway1 cowboys1
9876543210 vkontakte phillies jeremiah dilligaf 19851985 vfrcbvrf technics stripper september pinkfloy
maryland kentucky hastings frederic butthole agent007 19911991 01011985 somethin porsche9 hurrican california
bearbear 73501505 enterprise flamingo function 19941994 19781978 01011970 truelove meatball nebraska syracuse
military macdaddy diamond1 warhammer universe sentinel manchest kamikaze handsome dthjybrf designer blueblue
australia 321654987 1qaz1qaz 01011981 superstar ssssssss rjirfrgbde meatloaf lifetime jamesbon gordon24
19861986 01011986 pantyhos pokemon1 eatpussy 123456789z woofwoof turkey50 front242 apollo13 bigmoney brandon1
azsxdcfv starbuck lancelot rightnow maradona lionking crazybab 19931993 19901990 poiuytrewq passwort holyshit
21212121 wildfire sexygirl poontang microsof chocolate chickens arsenal1 19831983 happyday aberdeen 19951995
13243546 123456aa treasure theodore raiders1 ericsson albatros 1passwor zxcasdqwe sojdlg123aljg sexsexsex
mikemike michaela fordf150 greenbay greatone applepie 963852741 18436572 lisalisa hardrock dinosaur hollywood
hellyeah rastaman pa55w0rd madeline melissa1 kcj9wx5n skywalker rockhard happy123 football1 february gotohell
abc12345 609609609 yosemite roadkill kingfish 1qa2ws3ed 123789456 tunafish starship saratoga robotech rasputin
rangers1 passwords p0015123 nwo4life megapass hedgehog davidson anaconda 20102010 12131415 vladislav
translator splinter karolina 789789789 killbill magicman wrestlin tommyboy passpass pass1234 fuckthis freeporn
crawford asdasdasd salvador deepthroat cinnamon chester1 broadway 01011988 snoopdog sunnyday multiplelo
jasmine1 catherine chainsaw canadian brighton australi 19721972 19691969 supersta snowboar r2d2c3po mechanic
mamapapa ghjcnjnfr downtown christopher chicken1 bullseye 20002000 skorpion saturday lkjhgfdsa blackhaw
backdoor westwood sneakers marino13 jamesbond getmoney flounder boomboom beerbeer apple123 01011987 01011984
undertaker sinclair samsung1 moneyman mmmmmmmm marianne jjjjjjjj gargoyle federico amsterda 1x2zkg8w 19881988
19741974 zerocool vfvfgfgf test1234 idontknow hahahaha cambiami a123456789 19731973 03082006 02071986
vfhufhbnf pppppppp motherlode lokomotiv kristine goldstar christina chrisbln america1 20012001 12345678q
whitesox titanium thursday thirteen tazmania starfire qwerqwer qazwsx12 panasoni paintbal newcastl hotpussy
giuseppe buckshot babyblue attitude 10203040 01011910 sunflowe solution godfather clarinet assholes 12345679
southpark sersolution qwerty1234 paintball montgom240 johannes dkflbckfd dfktynbyf 19821982 19811981 12qw34er
123qwerty salamander resident poseidon pianoman chuckles avalanch 1q2w3e4r5 superman1 rockford qwertyqwerty
meowmeow meathead budweise 19411945 14725836 01091989 01011992 gladiator crjhgbjy 25252525 02071982 zxcvbnm1
viewsonic traveler together spongebob original medicine mazafaka juliette james007 hawkeyes deeznutz 135792468
12345qwe 01234567 01011975 zxasqw12 something overkill monalisa illusion hoosiers hayabusa gfhjkm123 francesc
clevelan 123456654321 01011993 smeghead moonlight megatron cfitymrf casanova blackjack blablabla 12301230
syncmaster rhiannon lightning bookworm babybaby aleksandra 19961996 19791979 02091987 02021987 thegreat
packers1 newpass6 dutchess alphabet 19801980 02081988 02051986 02041986 02011985 01011977 roadrunn rjycnfynby
rhtdtlrj mortgage goldwing christmas andromeda adrienne 12345678a 12011987 02101985 02031986 02021988
wrestling tinkerbell teddybea shannon1 motherfucker mortimer madison1 handyman ghostrider doghouse 24682468
02061985 02011987 wareagle realmadrid polniypizdec0211 nokia6300 chicago1 blackbir bcfields 1357924680
02091986 02021986 01011983 whiskers valkyrie talisman starcraf sporting southpar lipstick kittykat inuyasha
babyface 7ugd5hip2j 02081987 02081984 02061986 02021984 01011982 strength recovery qweqweqwe playstation
leavemealone hardcock florida1 flexible dragonball checkers charlene beautifu baseball1 02031984 02021985
thedoors sullivan stanford mollydog illinois gamecube cannabis cameltoe bitchass armagedon alexalex 987456321
21031988 123qq123 1234567890a 02081989 02011986 01020304 01011999 wishbone matthews mandarin lalalala godfathe
gabriela ffffffff bluefish binladen 19771977 19761976 02061989 02041984 tottenham tiberius teddybear silverad
microphone dirtbike carpedie asdfzxcv amateurs absolute 50spanks 02021983 property password2 netscape kakashka
hawaiian gfhjkmgfhjkm fyutkbyf caligula 15151515 123456qw 1234567891 02051983 02041983 02031987 02021989
z1x2c3v4 vsjasnel12 testpass stonecold soulmate q2w3e4r5 lineage2 criminal coldbeer capslock bullfrog bobdylan
babylove argentina annabell 11221122 02081986 02041988 02041987 02041982 02011988 vasilisa yeahbaby newyork1
magazine llllllll jayhawks katherine fishing1 dragon12 abnormal 09876543 02101984 02081985 02071984 02011980
01011979 wg8e3wjf shitface salasana rebecca1 pussyman pringles preacher eldorado gatorade gabriell ferrari1
coolness 14141414 thunderb telephon specialk shepherd paranoid monster1 missouri masamune mamamama hopeless
farscape estrella dragonba crystal1 corleone chevrolet carlitos buttercu buddyboy 24242424 12365478 02061988
02031985 yfcntymrf winston1 piramida monkey12 millwall elizaveta fastball borussia andromed alejandro 1234asdf
02081982 02051982 windsurf wildcard universal sunflower strawberry reddevil pornporn polopolo pinkfloyd
panther1 jiggaman islander inspiron green123 123456qwe 02061980 02031982 02011984 zaqxswcde washington
violetta smashing sexysexy robotics rjhjktdf reckless nightmare killkill katherin jellybea hhhhhhhh gandalf1
download doomsday devil666 darklord classics chrysler augustus ashleigh 9293709b13 20202020 02091983 02061987
01081989 yjdsqgfhjkm scrabble qazwsxedc123 nevermind mariposa insanity graphics geoffrey firewall fandango
321321321 12051988 05051987 02101989 02101987 02071987 02071980 02041985 sweetnes stanislav radiohea pumpkins
mobydick longjohn iverson3 istanbul highheel happiness gamecock faithful creature creation concorde budapest
19711971 134679852 02091984 02091981 02091980 02061983 02041981 01011900 webhompas thisisit spongebo senators
sausages pineapple nygiants moonbeam maksimka loveless lollypop kleopatra katarina icehouse hooligan gertrude
fullmoon fuckinside dynamite buttfuck bulldog1 brittney aviation 22041987 20022002 05051985 02081977 02071988
02051988 02051987 02041979 webmaste radiohead platypus monkeybo master12 good123654 evolution earnhard
cccccccc a12345678 26061987 15051981 08031986 02061984 02061982 02051989 02051984 02031981 woodland whiteout
vanguard temppass pussy123 forsaken ferguson 7894561230 21031987 13041988 11051987 10011986 06061986 02091985
02021981 02021979 01031988 tiger123 summer99 starstar snowflak slamdunk playboy1 mephisto michael2 killer12
kjrjvjnbd iloveyou2 holidays harrypotter gorgeous dudedude 02101986 02081983 02041989 02011989 01011978
zxcvbnm123 volkswag solitude scoobydoo roadster presiden pool6123 playstat pipeline mypassword mazdarx7
lemonade krasotka koroleva irishman hawaii50 gabriel1 freefree francesco christma chipmunk brigitte bigblock
bergkamp bearcats 74108520 45m2do5bs 30051985 24061986 22021989 21011989 20061988 1z2x3c4v 14061991 13041987
12021988 11081989 03041991 02071981 02031979 02021976 01061990 01011960 yankees2 wireless starligh register
nascar24 mudvayne mckenzie mazda626 kisskiss gbhfvblf freebird fantasia comanche choochoo chambers borabora
asdfgh01 alessandro abrakadabra 7777777777 23456789 23041987 19701970 password12 password1234 password12345
welcome123 changeme123 letmein123 iloveyou1 qwerty123456789 university competency 1qaz2wsx3edc4rfv
`
    .split(/\s+/)
    .filter((word) => word !== ""),
)
