"""The colours of the demo's illustrations: one flat palette, soft backgrounds, dark ink for details."""

INK = "#1e2a3b"
NAVY = "#0b4f8a"
NIGHT = "#1b2a57"
BLUE = "#2f7fd1"
SKY = "#9fd3f2"
WATER = "#5ab4e8"
TEAL = "#129c94"
GREEN = "#2f9e54"
LEAF = "#7cc45a"
YELLOW = "#ffcb3d"
LIGHT = "#fff3b0"
AMBER = "#f59e0b"
ORANGE = "#f2762e"
RED = "#e0483e"
DARK_RED = "#b8322b"
PINK = "#f59ab4"
PURPLE = "#7c5cd6"
BROWN = "#8d5a3b"
DARK_BROWN = "#5e3a26"
WOOD = "#d9a066"
WOOD_LIGHT = "#efc48f"
COPPER = "#d9803d"
GREY = "#8c9aae"
STEEL = "#b7c3d1"
SILVER = "#dfe6ee"
WHITE = "#ffffff"
PAPER = "#fffdf7"
SKIN = ("#f2c7a0", "#d99a6c", "#a86b45")
HAIR = ("#3b2a20", "#171a21", "#7a4a2a")

# Soft backgrounds: (the background, a deeper tint for the round shape behind the subject, the ground or table).
CREAM = ("#fbf3e4", "#f6e3c3", "#ead7b5")
MIST = ("#e6f1fa", "#cfe4f5", "#d4e3ef")
MINT = ("#e5f5ea", "#c9ead3", "#c2e0cc")
LILAC = ("#efeafb", "#ddd3f6", "#d9cff2")
PEACH = ("#fdebe0", "#f9d4bd", "#f1d2b9")
