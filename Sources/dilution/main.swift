import DilutionCommands

Dilution.main()
