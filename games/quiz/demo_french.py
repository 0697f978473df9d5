"""The demo quizzes' texts in French, for the demo brand that writes in English and French."""

# games.quiz.demo's content in French, in the same order: (question, explanation or None, choices).
FRENCH = {
    "trivia": {
        "title": "Connaissez-vous vraiment le café ?",
        "questions": [
            (
                "Quel pays produit le plus de café ?",
                "Le Brésil est en tête de la production mondiale depuis plus de 150 ans.",
                ["Brésil", "Colombie", "Éthiopie", "Viêt Nam"],
            ),
            (
                "Qu'est-ce qui coiffe un cappuccino ?",
                "La « coiffe » est l'épaisse couche de mousse de lait sur le dessus.",
                ["Mousse de lait", "Poudre de cacao", "Crème fouettée"],
            ),
            (
                "D'où vient le caféier ?",
                "Coffea arabica poussait à l'état sauvage sur les hauts plateaux d'Éthiopie.",
                ["Éthiopie", "Yémen", "Jamaïque", "Indonésie"],
            ),
            (
                "Lequel contient le plus de caféine par grain ?",
                "Le robusta contient environ deux fois plus de caféine que l'arabica.",
                ["Robusta", "Arabica"],
            ),
            (
                "Combien de temps faut-il pour extraire un espresso classique ?",
                "Environ 25 à 30 secondes pour 30 ml.",
                ["Environ 25-30 secondes", "Environ 5 secondes", "Environ 2 minutes"],
            ),
        ],
    },
    "personality": {
        "title": "Quel café êtes-vous ?",
        "outcomes": [
            ("Espresso", "Court, corsé et droit au but."),
            ("Flat white", "Doux, équilibré et ami de tous."),
            ("Cold brew", "Patient, cool et toujours prêt pour l'été."),
        ],
        "questions": [
            (
                "Votre samedi matin idéal ?",
                None,
                ["Debout tôt, directement au travail", "Brunch entre amis", "Grasse matinée"],
            ),
            ("Choisissez une destination", None, ["Rome", "Melbourne", "Lisbonne en août"]),
            (
                "Comment répondez-vous aux messages ?",
                None,
                ["Instantanément", "Par un long message vocal", "Tôt ou tard"],
            ),
        ],
    },
    "poll": {
        "title": "Choisissez notre prochaine boisson de saison",
        "questions": [
            (
                "Quelle boisson doit revenir cet hiver ?",
                None,
                ["Latte au pain d'épices", "Moka à la châtaigne", "Cold brew à l'orange épicée"],
            ),
            ("Lait d'avoine, d'amande ou de vache ?", None, ["Avoine", "Amande", "Lait de vache"]),
        ],
    },
}
