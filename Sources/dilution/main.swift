print("dilution")
