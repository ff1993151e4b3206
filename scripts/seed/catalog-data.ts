/**
 * The demo catalog: a Quebec general store's range, French names, prices in CAD cents.
 * Each base product comes in a few variants, which gives a realistic 200+ product catalog.
 */
export interface CategorySeed {
  slug: string;
  name: string;
  code: string;
  products: Array<[name: string, description: string, priceCents: number]>;
  variants: Array<[suffix: string, priceFactor: number]>;
}

export const categories: CategorySeed[] = [
  {
    slug: 'mobilier',
    name: 'Mobilier',
    code: 'MOB',
    products: [
      ['Chaise pliante', 'Chaise pliante en acier, assise rembourrée, se range à plat.', 3499],
      ['Chaise de bureau', 'Chaise ergonomique à roulettes, dossier en filet, hauteur réglable.', 18999],
      ['Table basse', 'Table basse rectangulaire au plateau en bois massif.', 14999],
      ['Tabouret de bar', 'Tabouret pivotant avec repose-pieds chromé.', 7999],
      ['Étagère murale', 'Étagère flottante, fixations invisibles incluses.', 2999],
      ['Fauteuil club', 'Fauteuil club en similicuir, coussin amovible.', 39999],
    ],
    variants: [
      ['en chêne', 1.2],
      ['coloris noir', 1],
      ['coloris blanc', 1],
    ],
  },
  {
    slug: 'cuisine',
    name: 'Cuisine',
    code: 'CUI',
    products: [
      ['Casserole inox', 'Casserole en acier inoxydable à fond triple, compatible induction.', 4499],
      ['Poêle antiadhésive', 'Poêle antiadhésive sans PFOA, poignée froide.', 3999],
      ['Cafetière à piston', 'Cafetière à piston en verre borosilicate, filtre inox.', 2999],
      ['Bouilloire électrique', 'Bouilloire 1,7 L à arrêt automatique.', 5499],
      ['Planche à découper', 'Planche en érable du Québec, rainure à jus.', 3499],
      ['Théière en fonte', 'Théière japonaise en fonte émaillée avec infuseur.', 6999],
    ],
    variants: [
      ['petit format', 0.8],
      ['grand format', 1.3],
      ['édition chef', 1.6],
    ],
  },
  {
    slug: 'epicerie',
    name: 'Épicerie fine',
    code: 'EPI',
    products: [
      ['Café en grains', 'Café équitable torréfié à Montréal, notes de chocolat.', 1699],
      ['Café moulu', 'Mouture moyenne pour cafetière filtre.', 1499],
      ["Sirop d'érable", "Sirop d'érable pur du Québec, catégorie A, goût ambré.", 1299],
      ['Confiture de bleuets', 'Bleuets sauvages du Lac-Saint-Jean, peu sucrée.', 799],
      ['Chocolat noir 70 %', 'Tablette de chocolat noir biologique.', 499],
      ['Thé vert sencha', 'Thé vert japonais en feuilles.', 1199],
    ],
    variants: [
      ['250 g', 1],
      ['500 g', 1.8],
      ['1 kg', 3.2],
    ],
  },
  {
    slug: 'boissons',
    name: 'Boissons',
    code: 'BOI',
    products: [
      ['Eau pétillante', 'Eau minérale pétillante naturelle.', 199],
      ['Jus de pomme', 'Jus de pomme pressé de Rougemont, non filtré.', 449],
      ['Cidre de glace', 'Cidre de glace des Cantons-de-l’Est.', 2899],
      ['Limonade artisanale', 'Limonade au citron et au gingembre.', 349],
      ['Kombucha', 'Kombucha biologique au thé noir.', 399],
      ['Café froid', 'Café infusé à froid, prêt à boire.', 449],
    ],
    variants: [
      ['bouteille', 1],
      ['caisse de 6', 5.5],
      ['caisse de 12', 10.5],
    ],
  },
  {
    slug: 'papeterie',
    name: 'Papeterie',
    code: 'PAP',
    products: [
      ['Carnet ligné', 'Carnet A5 à couverture rigide, 192 pages.', 1499],
      ['Stylo plume', 'Stylo plume en laiton, cartouches incluses.', 3999],
      ['Crayons de couleur', 'Boîte de crayons aquarellables.', 1899],
      ['Agenda 2027', 'Agenda semainier bilingue.', 2499],
      ['Enveloppes kraft', 'Enveloppes en papier recyclé.', 699],
      ['Surligneurs', 'Surligneurs pastel à pointe biseautée.', 899],
    ],
    variants: [
      ['coloris bleu', 1],
      ['coloris vert', 1],
      ['coloris rouge', 1],
    ],
  },
  {
    slug: 'quincaillerie',
    name: 'Quincaillerie',
    code: 'QUI',
    products: [
      ['Marteau de charpentier', 'Marteau 16 oz à manche en fibre de verre.', 2499],
      ['Tournevis', 'Tournevis à embouts interchangeables.', 1999],
      ['Ruban à mesurer', 'Ruban de 7,5 m à blocage automatique.', 1599],
      ['Perceuse sans fil', 'Perceuse 20 V avec deux batteries.', 12999],
      ['Boîte à outils', 'Boîte à outils en métal à plateau amovible.', 4999],
      ['Lampe frontale', 'Lampe frontale DEL rechargeable.', 2999],
    ],
    variants: [
      ['standard', 1],
      ['professionnel', 1.5],
      ['ensemble', 2.2],
    ],
  },
  {
    slug: 'jardin',
    name: 'Jardin',
    code: 'JAR',
    products: [
      ['Pot en terre cuite', 'Pot en terre cuite avec soucoupe.', 1299],
      ['Arrosoir', 'Arrosoir en acier galvanisé.', 2999],
      ['Sécateur', 'Sécateur à lames en acier trempé.', 2499],
      ['Terreau biologique', 'Terreau pour plantes d’intérieur.', 1099],
      ['Gants de jardinage', 'Gants en cuir de chèvre.', 1899],
      ['Graines de tomates', 'Semences patrimoniales du Québec.', 399],
    ],
    variants: [
      ['petit modèle', 0.8],
      ['modèle moyen', 1],
      ['grand modèle', 1.4],
    ],
  },
  {
    slug: 'maison',
    name: 'Maison et textile',
    code: 'MAI',
    products: [
      ['Couverture en laine', 'Couverture tissée en laine mérinos.', 8999],
      ['Coussin décoratif', 'Coussin en lin lavé, housse amovible.', 2999],
      ['Nappe en lin', 'Nappe en lin naturel.', 4999],
      ['Bougie parfumée', 'Bougie de soja au parfum de sapin baumier.', 2199],
      ['Tapis de bain', 'Tapis de bain en coton tufté.', 2499],
      ['Serviette éponge', 'Serviette en coton biologique.', 1999],
    ],
    variants: [
      ['coloris gris', 1],
      ['coloris beige', 1],
      ['coloris bleu marine', 1.1],
    ],
  },
  {
    slug: 'hygiene',
    name: 'Hygiène et beauté',
    code: 'HYG',
    products: [
      ['Savon artisanal', 'Savon saponifié à froid au lait de chèvre.', 899],
      ['Shampoing solide', 'Shampoing en barre sans emballage.', 1399],
      ['Crème pour les mains', 'Crème à l’huile de camérine.', 1299],
      ['Brosse à dents en bambou', 'Manche compostable, poils souples.', 499],
      ['Baume à lèvres', 'Baume à la cire d’abeille.', 599],
      ['Déodorant naturel', 'Déodorant sans aluminium.', 1199],
    ],
    variants: [
      ['lavande', 1],
      ['menthe', 1],
      ['sans parfum', 1],
    ],
  },
  {
    slug: 'jouets',
    name: 'Jouets et jeux',
    code: 'JOU',
    products: [
      ['Casse-tête 1000 pièces', 'Casse-tête illustrant le Vieux-Québec.', 2499],
      ['Jeu de société', 'Jeu de stratégie familial, 2 à 5 joueurs.', 4499],
      ['Blocs de construction', 'Blocs en bois d’érable non traité.', 3999],
      ['Toupie en bois', 'Toupie tournée à la main.', 999],
      ['Peluche ourson', 'Ourson en peluche douce.', 2499],
      ['Jeu de cartes', 'Jeu de 54 cartes illustrées.', 799],
    ],
    variants: [
      ['classique', 1],
      ['édition voyage', 0.8],
      ['édition collector', 1.7],
    ],
  },
  {
    slug: 'electronique',
    name: 'Électronique',
    code: 'ELE',
    products: [
      ['Écouteurs sans fil', 'Écouteurs Bluetooth à réduction de bruit.', 12999],
      ['Chargeur USB-C', 'Chargeur rapide 65 W.', 3999],
      ['Batterie externe', 'Batterie 10 000 mAh.', 4999],
      ['Haut-parleur portatif', 'Haut-parleur étanche.', 7999],
      ['Câble HDMI', 'Câble HDMI 2.1 de 2 m.', 1999],
      ['Souris sans fil', 'Souris silencieuse rechargeable.', 3499],
    ],
    variants: [
      ['coloris noir', 1],
      ['coloris blanc', 1],
      ['édition pro', 1.5],
    ],
  },
  {
    slug: 'sport',
    name: 'Sport et plein air',
    code: 'SPO',
    products: [
      ['Gourde isotherme', 'Gourde en inox à double paroi.', 2999],
      ['Tapis de yoga', 'Tapis antidérapant en caoutchouc naturel.', 5999],
      ['Sac à dos de randonnée', 'Sac à dos 30 L avec housse de pluie.', 8999],
      ['Tuque en laine', 'Tuque tricotée au Québec.', 2999],
      ['Raquettes à neige', 'Raquettes en aluminium pour sentiers.', 17999],
      ['Bâtons de marche', 'Paire de bâtons télescopiques.', 6999],
    ],
    variants: [
      ['coloris rouge', 1],
      ['coloris vert forêt', 1],
      ['coloris noir', 1],
    ],
  },
];
